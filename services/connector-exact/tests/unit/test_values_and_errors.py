from __future__ import annotations

import datetime as dt
from decimal import Decimal

import httpx
import pytest

from ledgerbus_connector_exact.exact import errors
from ledgerbus_connector_exact.exact.ratelimit import ExactRateBudget
from ledgerbus_connector_exact.exact.values import amount, code, parse_date, parse_date_time
from ledgerbus_connectorkit import Action, SyncPausedUntil
from ledgerbus_contracts import ErrorKind
from ledgerbus_servicekit import FakeClock

T0 = dt.datetime(2026, 11, 23, 1, 0, tzinfo=dt.UTC)


def ms(moment: dt.datetime) -> str:
    return str(int(moment.timestamp() * 1000))


def response(
    status: int, headers: dict[str, str] | None = None, json: object = None
) -> httpx.Response:
    request = httpx.Request(
        "GET", "https://start.example/api/v1/1/sync/Financial/GLAccounts?x=secret"
    )
    return httpx.Response(status, headers=headers, json=json, request=request)


def test_exact_values() -> None:
    assert parse_date_time("/Date(1700000000000)/") == dt.datetime(
        2023, 11, 14, 22, 13, 20, tzinfo=dt.UTC
    )
    assert parse_date("/Date(1700000000000)/") == dt.date(2023, 11, 14)
    assert parse_date(None) is None
    with pytest.raises(ValueError, match="not an Exact date"):
        parse_date("2023-11-14")
    assert code("                25") == "25"
    assert code("   ") is None
    assert amount(0.1) == Decimal("0.1")
    assert amount(1234.57) == Decimal("1234.57")


def test_client_errors_fail_without_retry_and_name_exacts_message() -> None:
    body = {"error": {"code": "", "message": {"lang": "", "value": "Invalid filter"}}}
    resolution = errors.resolve(response(400, json=body))
    assert resolution.action is Action.FAIL
    assert resolution.kind is ErrorKind.CONFIGURATION
    assert "Invalid filter" in resolution.message
    assert "secret" not in resolution.message  # the query string never reaches messages


def test_401_refreshes_and_5xx_retries() -> None:
    assert errors.resolve(response(401)).action is Action.REFRESH_AUTH
    assert errors.resolve(response(503)).action is Action.RETRY


def test_429_waits_for_the_minute_or_pauses_for_the_day() -> None:
    minute = T0 + dt.timedelta(seconds=42)
    midnight = T0 + dt.timedelta(hours=23)
    wait = errors.resolve(
        response(429, {"X-RateLimit-Remaining": "300", "X-RateLimit-Minutely-Reset": ms(minute)})
    )
    assert (wait.action, wait.wait_until) == (Action.WAIT, minute)
    pause = errors.resolve(
        response(429, {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": ms(midnight)})
    )
    assert (pause.action, pause.kind, pause.wait_until) == (
        Action.PAUSE,
        ErrorKind.RATE_LIMITED,
        midnight,
    )


async def test_budget_waits_for_the_minutely_reset_before_running_out() -> None:
    clock = FakeClock(T0)
    budget = ExactRateBudget(clock, daily_reserve=10)
    reset = T0 + dt.timedelta(seconds=30)
    budget.observe(
        response(
            200,
            {
                "X-RateLimit-Minutely-Remaining": "1",
                "X-RateLimit-Minutely-Reset": ms(reset),
                "X-RateLimit-Remaining": "4000",
                "X-RateLimit-Reset": ms(T0 + dt.timedelta(hours=23)),
            },
        )
    )
    await budget.before_request()  # the last call of this minute goes out at once
    assert clock.now() == T0
    await budget.before_request()  # the next one waits for the reset
    assert clock.now() >= reset


async def test_budget_pauses_when_the_daily_reserve_is_reached() -> None:
    clock = FakeClock(T0)
    budget = ExactRateBudget(clock, daily_reserve=10)
    midnight = T0 + dt.timedelta(hours=23)
    budget.observe(
        response(200, {"X-RateLimit-Remaining": "10", "X-RateLimit-Reset": ms(midnight)})
    )
    with pytest.raises(SyncPausedUntil) as paused:
        await budget.before_request()
    assert paused.value.resume_at == midnight
    clock.set(midnight)
    await budget.before_request()  # a new day: the budget is unknown again, so the call goes
