"""The demo follows each administration's full sync with its first incremental one."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from ledgerbus_devtools.platform import demo
from ledgerbus_servicekit.testing import served_app


def services(full_state: str) -> tuple[FastAPI, list[dict[str, Any]]]:
    """A ledger-store that shows every sync ended, and a scheduler that takes requests."""
    requested: list[dict[str, Any]] = []
    app = FastAPI()

    @app.get("/v1/syncs/{sync_id}")
    def view(sync_id: str) -> dict[str, Any]:
        state = full_state if sync_id == "full-1" else "succeeded"
        return {"sync_id": sync_id, "state": state, "applied": {"contact": 2}, "deleted": {}}

    @app.post("/v1/administrations/{administration_id}/syncs", status_code=202)
    def request(administration_id: str, body: dict[str, Any]) -> dict[str, str]:
        requested.append({"administration_id": administration_id, **body})
        return {"sync_id": "incremental-1"}

    return app, requested


async def test_a_succeeded_full_sync_is_followed_by_an_incremental_one() -> None:
    app, requested = services("succeeded")
    lines: list[str] = []
    async with served_app(app) as url:
        urls = {"ledger-store": url, "scheduler": url}
        ended = await demo.then_incremental(urls, "demo-eaccounting", "full-1", lines.append)
    assert requested == [{"administration_id": "demo-eaccounting", "mode": "incremental"}]
    assert ended["sync_id"] == "incremental-1"
    assert lines[0].startswith("demo-eaccounting full: sync full-1 succeeded")
    assert lines[1].startswith("demo-eaccounting incremental: sync incremental-1 succeeded")


async def test_a_failed_full_sync_is_not_followed() -> None:
    app, requested = services("failed")
    lines: list[str] = []
    async with served_app(app) as url:
        urls = {"ledger-store": url, "scheduler": url}
        ended = await demo.then_incremental(urls, "demo-exact", "full-1", lines.append)
    assert requested == [] and ended["state"] == "failed"
    assert len(lines) == 1 and "failed" in lines[0]
