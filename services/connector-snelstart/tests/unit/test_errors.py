"""SnelStart's responses become the right error resolutions, on the connector's clock."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest

from ledgerbus_connector_snelstart.snelstart import errors
from ledgerbus_connectorkit import Action
from ledgerbus_contracts import ErrorKind
from ledgerbus_servicekit import FakeClock

T0 = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)
URL = "https://b2bapi.example/v2/grootboeken?subscription-key=geheim&$top=500"


def response(
    status: int, json: object = None, headers: dict[str, str] | None = None
) -> httpx.Response:
    return httpx.Response(status, json=json, headers=headers, request=httpx.Request("GET", URL))


def test_success_passes() -> None:
    assert errors.resolve(response(200, [])).action is Action.SUCCEED


def test_401_gets_one_token_renewal() -> None:
    resolution = errors.resolve(response(401, {"statusCode": 401, "message": "Unauthorized"}))
    assert (resolution.action, resolution.kind) == (Action.REFRESH_AUTH, ErrorKind.AUTH)


def test_429_waits_retry_after_seconds_on_the_connectors_clock() -> None:
    handle = errors.resolver(FakeClock(T0))
    waited = handle(response(429, headers={"Retry-After": "7"}))
    assert (waited.action, waited.kind) == (Action.WAIT, ErrorKind.RATE_LIMITED)
    assert waited.wait_until == T0 + dt.timedelta(seconds=7)
    assert handle(response(429)).wait_until == T0 + dt.timedelta(seconds=60)


@pytest.mark.parametrize("status", [500, 502, 503, 408])
def test_server_errors_and_timeouts_are_retried(status: int) -> None:
    resolution = errors.resolve(response(status))
    assert (resolution.action, resolution.kind) == (Action.RETRY, ErrorKind.TRANSIENT)


def test_a_refused_filter_fails_with_snelstarts_code_and_no_query_string() -> None:
    body = [{"errorCode": "ALG-0104", "message": "Ongeldig OData filter"}]
    resolution = errors.resolve(response(400, body))
    assert (resolution.action, resolution.kind) == (Action.FAIL, ErrorKind.CONFIGURATION)
    assert "ALG-0104: Ongeldig OData filter" in resolution.message
    assert "geheim" not in resolution.message and "/v2/grootboeken" in resolution.message


@pytest.mark.parametrize(("status", "kind"), [(403, ErrorKind.CONFIGURATION), (409, ErrorKind.BUG)])
def test_other_4xx_fail(status: int, kind: ErrorKind) -> None:
    resolution = errors.resolve(response(status, {"unexpected": "shape"}))
    assert (resolution.action, resolution.kind) == (Action.FAIL, kind)


def test_the_message_falls_back_to_the_status_text() -> None:
    assert errors.snelstart_message(response(404, [])) == "Not Found"
    assert errors.snelstart_message(response(400, [{"errorCode": "X"}])) == "Bad Request"
