"""`make run`'s console: which process lines it shows, and a sync's progress and summary."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from ledgerbus_devtools.platform.console import progress_line, summary_line, worth_showing

STAMP = "2026-12-01 22:20:03,947"


@pytest.mark.parametrize(
    "line",
    [
        f"{STAMP} INFO ledger-store uvicorn.error: Application startup complete.",
        f"{STAMP} INFO scheduler ledgerbus_scheduler.leadership: this replica now schedules",
        f"{STAMP} INFO connector-exact ledgerbus_connectorkit.runner: sync manual-1 reading:"
        " exact full [sync_id=manual-1] [administration_id=demo-exact]",
        f"{STAMP} INFO scheduler ledgerbus_scheduler.entrypoints.status: sync manual-1"
        " succeeded after 12.5s",
        f"{STAMP} WARNING connector-exact ledgerbus_connectorkit.client: rate limited; waiting",
        f"{STAMP} ERROR notifier ledgerbus_notifier.delivery: notification n1 cannot be built",
        "Traceback (most recent call last):",
        '  File "x.py", line 1, in <module>',
        "INFO:     Uvicorn running on http://127.0.0.1:8091 (Press CTRL+C to quit)",
        json.dumps({"level": "WARNING", "logger": "x", "message": "consumer retrying"}),
    ],
)
def test_start_up_sync_lines_warnings_and_tracebacks_are_shown(line: str) -> None:
    assert worth_showing(line + "\n")


@pytest.mark.parametrize(
    "line",
    [
        f"{STAMP} INFO connector-exact httpx: HTTP Request: GET http://127.0.0.1:8091/api/v1/"
        '100001/crm/Accounts "HTTP/1.1 200 OK"',
        'INFO:     127.0.0.1:50312 - "GET /api/v1/100001/crm/Accounts HTTP/1.1" 200 OK',
        f"{STAMP} INFO ledger-store ledgerbus_servicekit.db: applied migration 001_ledger",
        json.dumps({"level": "INFO", "logger": "httpx", "message": "HTTP Request: GET /x"}),
        "   ",
    ],
)
def test_per_request_and_routine_lines_stay_in_the_log_file(line: str) -> None:
    assert not worth_showing(line)
    assert worth_showing(line, debug=True)


def running(**changes: object) -> dict[str, object]:
    body: dict[str, object] = {
        "sync_id": "manual-1",
        "administration_id": "demo-exact",
        "state": "running",
        "started_at": "2026-12-01T22:00:00+00:00",
        "applied": {"transaction_line": 900},
        "progress": {
            "gl_account": {"records": 100, "expected": 100},
            "transaction_line": {"records": 1400, "expected": 3900},
        },
    }
    return {**body, **changes}


def test_a_running_sync_shows_records_of_the_total_percent_and_the_eta() -> None:
    now = dt.datetime(2026, 12, 1, 22, 0, 30, tzinfo=dt.UTC)
    line = progress_line(running(), previous_seconds=120.0, now=now)
    assert line == ("sync manual-1: running, 1,500 records of 4,000 (37%), 0:30 elapsed, ETA 1:30")


def test_without_a_total_or_previous_run_the_progress_says_only_what_is_known() -> None:
    now = dt.datetime(2026, 12, 1, 22, 0, 5, tzinfo=dt.UTC)
    body = running(progress={"gl_account": {"records": 10, "expected": None}})
    assert progress_line(body, None, now) == "sync manual-1: running, 900 records, 0:05 elapsed"
    late = dt.datetime(2026, 12, 1, 23, 0, 0, tzinfo=dt.UTC)
    assert progress_line(running(), 60.0, late).endswith("1:00:00 elapsed, ETA any moment")


def test_the_summary_names_outcome_duration_counts_and_the_error() -> None:
    done = {
        "sync_id": "manual-1",
        "state": "succeeded",
        "duration_seconds": 75.4,
        "applied": {"transaction_line": 3900, "gl_account": 100},
        "deleted": {"contact": 2},
    }
    assert summary_line(done) == (
        "sync manual-1 succeeded in 1:15: 4,000 records applied"
        " (gl_account 100, transaction_line 3,900), 2 deleted"
    )
    failed = {
        **done,
        "state": "failed",
        "applied": {},
        "deleted": {},
        "errors": [{"kind": "reauthorization_required", "message": "consent withdrawn"}],
    }
    assert summary_line(failed).endswith(
        "0 records applied, 0 deleted; reauthorization_required: consent withdrawn"
    )


async def test_following_a_sync_shows_its_progress_then_its_summary() -> None:
    from fastapi import FastAPI

    from ledgerbus_devtools.platform.demo import follow_sync
    from ledgerbus_servicekit.testing import served_app

    polls = iter([running(), running(applied={"transaction_line": 2000}), None])
    ended = {**running(), "state": "succeeded", "duration_seconds": 61.0, "deleted": {}}
    app = FastAPI()

    @app.get("/v1/syncs/{sync_id}")
    def one(sync_id: str) -> dict[str, object]:
        return next(polls, None) or ended

    @app.get("/v1/syncs")
    def earlier() -> list[dict[str, object]]:
        return [{"sync_id": "manual-0", "duration_seconds": 3600.0}]

    lines: list[str] = []
    async with served_app(app) as url:
        body = await follow_sync(url, "manual-1", lines.append, timeout=30, every=0)
    assert body["state"] == "succeeded"
    assert len(lines) == 3
    assert "records of 4,000" in lines[0] and "ETA" in lines[0]
    assert "2,000 records" in lines[1]
    assert lines[-1].startswith("sync manual-1 succeeded in 1:01: 900 records applied")
