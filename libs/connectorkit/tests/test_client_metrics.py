"""The REST client counts what it does: calls by endpoint class and status, the token
refresh after a 401 and the wait for a 429, for the package of the sync it runs in."""

from __future__ import annotations

import datetime as dt

import httpx

from ledgerbus_connectorkit.auth import NoAuth
from ledgerbus_connectorkit.client import RestClient
from ledgerbus_connectorkit.errors import SUCCESS, Action, ErrorResolution
from ledgerbus_servicekit import FakeClock
from ledgerbus_servicekit.metrics import (
    PACKAGE_CALLS,
    RATE_LIMIT_PAUSES,
    TOKEN_REFRESHES,
    package_calls_for,
)

START = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC)
ENDPOINT = "/api/v1/{id}/crm/Accounts"


def value(metric: object, *labels: str) -> float:
    return float(metric.labels(*labels)._value.get())  # type: ignore[attr-defined]


async def test_calls_refreshes_and_waits_are_counted_for_the_package() -> None:
    answers = iter([401, 429, 200])

    def package(request: httpx.Request) -> httpx.Response:
        return httpx.Response(next(answers), json={"d": []})

    clock = FakeClock(START)

    def resolve(response: httpx.Response) -> ErrorResolution:
        if response.status_code == 401:
            return ErrorResolution(Action.REFRESH_AUTH, message="expired")
        if response.status_code == 429:
            until = clock.now() + dt.timedelta(seconds=3)
            return ErrorResolution(Action.WAIT, message="limit", wait_until=until)
        return SUCCESS

    pkg = "metrics-test"
    before = {
        status: value(PACKAGE_CALLS, pkg, ENDPOINT, status) for status in ("200", "401", "429")
    }
    refreshes, waits = value(TOKEN_REFRESHES, pkg), value(RATE_LIMIT_PAUSES, pkg, "wait")
    async with httpx.AsyncClient(transport=httpx.MockTransport(package)) as http:
        client = RestClient(http=http, authenticator=NoAuth(), error_handler=resolve, clock=clock)
        with package_calls_for(pkg):
            body = await client.get_json(
                "https://pkg.example/api/v1/100001/crm/Accounts", {"access_token": "x"}
            )
    assert body == {"d": []}
    for status in ("200", "401", "429"):
        assert value(PACKAGE_CALLS, pkg, ENDPOINT, status) == before[status] + 1, status
    assert value(TOKEN_REFRESHES, pkg) == refreshes + 1
    assert value(RATE_LIMIT_PAUSES, pkg, "wait") == waits + 1
