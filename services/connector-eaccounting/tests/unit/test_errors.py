"""eAccounting's answers become the right resolutions, on the connector's clock."""

from __future__ import annotations

import datetime as dt

import httpx

from ledgerbus_connector_eaccounting.errors import EAccountingErrors
from ledgerbus_connectorkit import Action
from ledgerbus_contracts import ErrorKind
from ledgerbus_servicekit import FakeClock

T0 = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)
URL = "https://eaccountingapi.example/v2/vouchers?$page=2&access_token=geheim"


def answer(
    status: int, json: object = None, headers: dict[str, str] | None = None
) -> httpx.Response:
    return httpx.Response(status, json=json, headers=headers, request=httpx.Request("GET", URL))


def error(code: int, message: str) -> dict[str, object]:
    return {"ErrorCode": code, "DeveloperErrorMessage": message, "ErrorId": "3fa7da17"}


resolve = EAccountingErrors(FakeClock(T0))


def test_a_429_waits_the_seconds_its_message_names() -> None:
    quota = "API calls quota exceeded! maximum admitted 600 per Minute. Try again in 55 seconds."
    resolution = resolve(answer(429, error(4010, quota)))
    assert resolution.action is Action.WAIT
    assert resolution.kind is ErrorKind.RATE_LIMITED
    assert resolution.wait_until == T0 + dt.timedelta(seconds=55)


def test_a_retry_after_header_wins_and_without_either_it_waits_a_minute() -> None:
    with_header = resolve(
        answer(429, error(4010, "Try again in 55 seconds."), {"Retry-After": "7"})
    )
    assert with_header.wait_until == T0 + dt.timedelta(seconds=7)
    assert resolve(answer(429, "")).wait_until == T0 + dt.timedelta(seconds=60)


def test_401_renews_the_token_and_5xx_retries() -> None:
    assert resolve(answer(401, error(4001, "Unauthorized"))).action is Action.REFRESH_AUTH
    assert resolve(answer(503)).action is Action.RETRY
    assert resolve(answer(200, {"Data": []})).action is Action.SUCCEED


def test_a_refusal_names_eaccountings_code_message_and_error_id_but_no_query() -> None:
    resolution = resolve(answer(400, error(4000, "The filter is invalid")))
    assert resolution.action is Action.FAIL
    assert resolution.kind is ErrorKind.CONFIGURATION
    assert resolution.message.endswith("400 4000: The filter is invalid (3fa7da17)")
    assert "geheim" not in resolution.message
    assert resolve(answer(409, error(4009, "Conflict"))).kind is ErrorKind.BUG
