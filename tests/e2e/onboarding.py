"""Each package's connector against its sandbox with one connection, and the scheduler
asking it: the rig of the bulk onboarding tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

import httpx

from ledgerbus_connectorkit.testing.rig import Connected, connector_rig
from ledgerbus_contracts import Package
from ledgerbus_scheduler.core.config import Settings
from ledgerbus_scheduler.main import create_app
from ledgerbus_servicekit import FakeClock
from ledgerbus_servicekit.testing import running_app

OPERATOR = {"Authorization": "Bearer dev-operator-token"}
START = dt.datetime(2026, 10, 31, 22, 0, tzinfo=dt.UTC)


def exact_rig(service_settings: Callable[..., Any], **overrides: Any) -> Any:
    from ledgerbus_connector_exact.core.config import Settings as ExactSettings
    from ledgerbus_connector_exact.main import create_app as create_connector
    from ledgerbus_sandboxes.exact import create_app as create_sandbox
    from ledgerbus_sandboxes.exact.consent import demo_credentials

    return connector_rig(
        service_settings,
        package=Package.EXACT,
        sandbox=create_sandbox(),
        create_app=create_connector,
        settings=ExactSettings,
        sandbox_setting="exact_base_url",
        external_id="100001",
        credentials=demo_credentials,
        **overrides,
    )


def twinfield_rig(service_settings: Callable[..., Any], **overrides: Any) -> Any:
    from ledgerbus_connector_twinfield.testing import twinfield_rig as rig

    return rig(service_settings, **overrides)


def snelstart_rig(service_settings: Callable[..., Any], **overrides: Any) -> Any:
    from ledgerbus_connector_snelstart.testing import snelstart_rig as rig

    return rig(service_settings, **overrides)


def eaccounting_rig(service_settings: Callable[..., Any], **overrides: Any) -> Any:
    from ledgerbus_connector_eaccounting.main import create_app as create_connector
    from ledgerbus_connector_eaccounting.settings import Settings as EAccountingSettings
    from ledgerbus_sandboxes.eaccounting import create_app as create_sandbox
    from ledgerbus_sandboxes.eaccounting.testing import authorize

    async def consent(sandbox_url: str) -> dict[str, Any]:
        return {"code": await authorize(sandbox_url)}

    return connector_rig(
        service_settings,
        package=Package("eaccounting"),
        sandbox=create_sandbox(),
        create_app=create_connector,
        settings=EAccountingSettings,
        sandbox_setting="eaccounting_base_url",
        external_id="demo-eaccounting",
        credentials=consent,
        **overrides,
    )


RIGS: dict[str, Callable[..., AbstractAsyncContextManager[Connected]]] = {
    "exact": exact_rig,
    "twinfield": twinfield_rig,
    "snelstart": snelstart_rig,
    "eaccounting": eaccounting_rig,
}
"""Per package: ``rig(service_settings, **connector settings)``, the connection's tenant
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
