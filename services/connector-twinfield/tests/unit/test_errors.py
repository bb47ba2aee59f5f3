"""Twinfield's responses become the right error resolutions, on the connector's clock."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest

from ledgerbus_connector_twinfield.twinfield import errors
from ledgerbus_connectorkit import Action
from ledgerbus_contracts import ErrorKind
from ledgerbus_sandboxes.twinfield import soap
from ledgerbus_servicekit import FakeClock

T0 = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)
TOKEN = "secret-access-token"


def response(
    status: int, body: bytes = b"", headers: dict[str, str] | None = None
) -> httpx.Response:
    envelope = f"<Header><AccessToken>{TOKEN}</AccessToken></Header>".encode()
    request = httpx.Request(
        "POST", "https://api.accounting.example/webservices/finder.asmx", content=envelope
    )
    return httpx.Response(status, content=body, headers=headers, request=request)


def test_success_passes() -> None:
    assert errors.resolve(response(200)).action is Action.SUCCEED


def test_an_invalid_token_gets_one_refresh() -> None:
    resolution = errors.resolve(response(401, soap.fault("Access denied. Token invalid.", 354)))
    assert (resolution.action, resolution.kind) == (Action.REFRESH_AUTH, ErrorKind.AUTH)
    assert "Token invalid" in resolution.message


def test_429_waits_retry_after_seconds_on_the_connectors_clock() -> None:
    clock = FakeClock(T0)
    handle = errors.resolver(clock)
    waited = handle(response(429, headers={"Retry-After": "12"}))
    assert (waited.action, waited.kind) == (Action.WAIT, ErrorKind.RATE_LIMITED)
    assert waited.wait_until == T0 + dt.timedelta(seconds=12)
    assert handle(response(429)).wait_until == T0 + dt.timedelta(seconds=30)
    assert handle(response(429, headers={"Retry-After": "soon"})).wait_until == T0 + dt.timedelta(
        seconds=30
    )


@pytest.mark.parametrize("code", ["101", "108", "359"])
def test_a_missing_or_wrong_office_is_a_configuration_problem(code: str) -> None:
    resolution = errors.resolve(response(500, soap.fault("Toegang geweigerd.", int(code))))
    assert (resolution.action, resolution.kind) == (Action.FAIL, ErrorKind.CONFIGURATION)
    assert f"(code {code})" in resolution.message


def test_403_fails_as_configuration() -> None:
    resolution = errors.resolve(response(403, soap.fault("Access denied.", 102)))
    assert (resolution.action, resolution.kind) == (Action.FAIL, ErrorKind.CONFIGURATION)


def test_an_unexpected_fault_and_5xx_are_retried() -> None:
    unexpected = errors.resolve(response(500, soap.fault("Unexpected error", 100)))
    assert (unexpected.action, unexpected.kind) == (Action.RETRY, ErrorKind.TRANSIENT)
    gateway = errors.resolve(response(502, b"<html>bad gateway"))
    assert gateway.action is Action.RETRY
    assert "finder.asmx" in gateway.message


def test_other_4xx_fail_as_bugs_without_the_token() -> None:
    resolution = errors.resolve(response(400, b"not xml"))
    assert (resolution.action, resolution.kind) == (Action.FAIL, ErrorKind.BUG)
    assert "Bad Request" in resolution.message
    assert TOKEN not in resolution.message


def test_fault_detail_reads_code_and_message() -> None:
    assert errors.fault_detail(response(500, soap.fault("Kapot", 187))) == ("187", "Kapot")
    assert errors.fault_detail(response(500, b"")) == ("", "Internal Server Error")


def test_a_fault_that_blames_the_request_is_a_bug_not_retried() -> None:
    for version in (soap.SOAP11, soap.SOAP12):
        refused = soap.fault("Server did not recognize the value", 100, version, client=True)
        resolution = errors.resolve(response(500, refused))
        assert (resolution.action, resolution.kind) == (Action.FAIL, ErrorKind.BUG)
    server = errors.resolve(response(500, soap.fault("Unexpected", 100)))
    assert server.action is Action.RETRY


def test_a_deleted_transactions_fault_fails_as_configuration() -> None:
    from ledgerbus_sandboxes.twinfield.deleted import fault_detail

    detail = fault_detail("InvalidCompanyCode", "Company X is invalid.")
    body = soap.fault("Company X is invalid.", 100, client=True, extra=detail)
    resolution = errors.resolve(response(500, body))
    assert (resolution.action, resolution.kind) == (Action.FAIL, ErrorKind.CONFIGURATION)
