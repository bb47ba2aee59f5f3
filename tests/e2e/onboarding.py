"""Each package's connector against its sandbox with one connection, and the scheduler
asking it: the rig of the bulk onboarding tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

import httpx

from ledgerbus_connector_eaccounting.testing import eaccounting_rig
from ledgerbus_connector_snelstart.testing import snelstart_rig
from ledgerbus_connectorkit.testing.rig import Connected
from ledgerbus_contracts import Package
from ledgerbus_scheduler.core.config import Settings
from ledgerbus_scheduler.main import create_app
from ledgerbus_servicekit import FakeClock
from ledgerbus_servicekit.testing import running_app
from tests.e2e.postings import exact_rig, twinfield_rig

OPERATOR = {"Authorization": "Bearer dev-operator-token"}
START = dt.datetime(2026, 10, 31, 22, 0, tzinfo=dt.UTC)


RIGS: dict[str, Callable[..., AbstractAsyncContextManager[Connected]]] = {
    "exact": exact_rig,
    "twinfield": twinfield_rig,
    "snelstart": snelstart_rig,
    "eaccounting": eaccounting_rig,
}
"""Per package: ``rig(service_settings, **connector settings)``; the connection's tenant
is ``conformance``."""


class Through(httpx.AsyncBaseTransport):
    """A transport that sends through a client of an in-process app (the connector's)."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        answer = await self.client.send(request)
        headers = [(k, v) for k, v in answer.headers.items() if k not in ("content-encoding",)]
        return httpx.Response(answer.status_code, headers=headers, content=answer.content)


@asynccontextmanager
async def scheduler_asking(
    service_settings: Callable[..., Any],
    package: str,
    connector: httpx.AsyncClient,
    **overrides: Any,
) -> AsyncIterator[httpx.AsyncClient]:
    """The scheduler on a fake clock, reaching ``package``'s connector through ``connector``."""
    settings = service_settings(Settings, scheduling_enabled=False, **overrides)
    app = create_app(settings, FakeClock(START), connectors={Package(package): Through(connector)})
    async with running_app(app) as api:
        yield api
