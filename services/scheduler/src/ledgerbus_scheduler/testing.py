"""A running scheduler and helpers to register administrations and read what it issued."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import asyncpg
import httpx

from ledgerbus_scheduler.core.config import Settings
from ledgerbus_scheduler.main import create_app
from ledgerbus_servicekit import FakeClock, ServiceSettings
from ledgerbus_servicekit.db import create_pool
from ledgerbus_servicekit.testing import running_app

OPERATOR = {"Authorization": "Bearer dev-operator-token"}
START = dt.datetime(2026, 10, 31, 22, 0, tzinfo=dt.UTC)


@dataclass
class Rig:
    api: httpx.AsyncClient
    settings: Settings
    clock: FakeClock

    async def register(
        self, administration_id: str, headers: dict[str, str] = OPERATOR, **fields: Any
    ) -> httpx.Response:
        """Register through the API (without a connection unless ``connection_id`` is given:
        naming one makes the scheduler ask the package's connector who owns it)."""
        body = {
            "id": administration_id,
            "tenant_id": "t1",
            "package": "exact",
            "external_id": "100001",
            "name": "Demo BV",
            **fields,
        }
        return await self.api.post("/v1/administrations", json=body, headers=headers)

    async def register_many(self, count: int) -> list[str]:
        """Register ``adm-000`` ... through the API; each must be created."""
        ids = [f"adm-{n:03d}" for n in range(count)]
        for administration_id in ids:
            response = await self.register(administration_id)
            assert response.status_code == 201, response.text
        return ids

    @asynccontextmanager
    async def pool(self) -> AsyncIterator[asyncpg.Pool]:
        pool = await create_pool(
            self.settings.database_url, self.settings.database_schema, max_size=3
        )
        try:
            yield pool
        finally:
            await pool.close()

    async def issued(self) -> list[dict[str, Any]]:
        async with self.pool() as pool:
            rows = await pool.fetch(
                "SELECT sync_id, administration_id, mode, trigger,"
                " published_at FROM sync_requests ORDER BY sync_id"
            )
        return [dict(r) for r in rows]


@asynccontextmanager
async def running_scheduler(
    service_settings: Callable[..., ServiceSettings],
    start: dt.datetime = START,
    **overrides: object,
) -> AsyncIterator[Rig]:
    """The scheduler app on a fake clock (its own nightly loop off unless overridden)."""
    settings = service_settings(Settings, **{"scheduling_enabled": False, **overrides})
    assert isinstance(settings, Settings)
    clock = FakeClock(start)
    async with running_app(create_app(settings, clock)) as api:
        yield Rig(api, settings, clock)
