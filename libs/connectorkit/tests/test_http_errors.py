"""The kit's default HTTP error mapping, and a package overriding only its message."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest

from ledgerbus_connectorkit import Action
from ledgerbus_connectorkit.http_errors import HttpErrorMap
from ledgerbus_contracts import ErrorKind
from ledgerbus_servicekit import FakeClock

T0 = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC)
URL = "https://api.example/v1/things?api_key=geheim"


def response(status: int, headers: dict[str, str] | None = None, **body: str) -> httpx.Response:
    return httpx.Response(status, json=body, headers=headers, request=httpx.Request("GET", URL))


class SaysWhy(HttpErrorMap):
    def message(self, response: httpx.Response) -> str:
        return str(response.json().get("why", ""))


@pytest.mark.parametrize(
    ("status", "action", "kind"),
    [
        (200, Action.SUCCEED, None),
        (204, Action.SUCCEED, None),
        (401, Action.REFRESH_AUTH, ErrorKind.AUTH),
        (408, Action.RETRY, ErrorKind.TRANSIENT),
        (500, Action.RETRY, ErrorKind.TRANSIENT),
        (503, Action.RETRY, ErrorKind.TRANSIENT),
        (400, Action.FAIL, ErrorKind.CONFIGURATION),
        (403, Action.FAIL, ErrorKind.CONFIGURATION),
        (404, Action.FAIL, ErrorKind.CONFIGURATION),
        (409, Action.FAIL, ErrorKind.BUG),
    ],
)
def test_the_common_cases(status: int, action: Action, kind: ErrorKind | None) -> None:
    resolution = HttpErrorMap(FakeClock(T0))(response(status))
    assert (resolution.action, resolution.kind) == (action, kind)
    assert "geheim" not in resolution.message


def test_429_waits_retry_after_or_the_default_on_the_clock() -> None:
    errors = HttpErrorMap(FakeClock(T0))
    waited = errors(response(429, {"Retry-After": "7"}))
    assert (waited.action, waited.kind) == (Action.WAIT, ErrorKind.RATE_LIMITED)
    assert waited.wait_until == T0 + dt.timedelta(seconds=7)
    assert errors(response(429, {"Retry-After": "soon"})).wait_until == T0 + dt.timedelta(
        seconds=HttpErrorMap.retry_after_default
    )


def test_a_package_overrides_only_its_message() -> None:
    refused = SaysWhy()(response(400, why="no such filter"))
    assert refused.message == "GET https://api.example/v1/things: 400 no such filter"
    assert SaysWhy()(response(503)).action is Action.RETRY
