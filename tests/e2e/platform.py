"""The services of the walking skeleton, built in-process on the test's topics and schemas."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import httpx
from fastapi import FastAPI

from ledgerbus_contracts import Package
from ledgerbus_devtools.platform.demo import OPERATOR
from ledgerbus_sandboxes.exact.consent import authorize as authorize_exact
from ledgerbus_servicekit import ServiceSettings

__all__ = [
    "DEMO_EXACT",
    "OPERATOR",
    "PlatformApps",
    "authorize_exact",
    "connect_demo_exact",
    "exact_sandbox",
    "platform_apps",
]


def exact_sandbox() -> FastAPI:
    """The Exact Online sandbox with its default, seeded demo data."""
    from ledgerbus_sandboxes.exact import create_app

    return create_app()


@dataclass(frozen=True)
class PlatformApps:
    scheduler: FastAPI
    ledger_store: FastAPI
    connector_exact: FastAPI


def platform_apps(settings: Callable[..., ServiceSettings], exact_url: str) -> PlatformApps:
    """The scheduler, ledger-store and connector-exact, sharing one topic prefix.

    The scheduler reaches connector-exact in-process (it asks who owns a connection).
    """
    from ledgerbus_connector_exact.core.config import Settings as ExactSettings
    from ledgerbus_connector_exact.main import create_app as create_connector_exact
    from ledgerbus_ledger_store.core.config import Settings as LedgerSettings
    from ledgerbus_ledger_store.main import create_app as create_ledger_store
    from ledgerbus_scheduler.core.config import Settings as SchedulerSettings
    from ledgerbus_scheduler.main import create_app as create_scheduler

    connector_exact = create_connector_exact(
        settings(ExactSettings, exact_base_url=exact_url)  # type: ignore[arg-type]
    )
    connectors = {Package.EXACT: httpx.ASGITransport(app=connector_exact)}
    return PlatformApps(
        scheduler=create_scheduler(settings(SchedulerSettings), connectors=connectors),
        ledger_store=create_ledger_store(settings(LedgerSettings)),
        connector_exact=connector_exact,
    )


DEMO_EXACT = {
    "id": "demo-exact",
    "tenant_id": "demo",
    "package": "exact",
    "connection_id": "demo-exact",
    "external_id": "100001",
    "name": "Demo Exact BV",
}
"""The demo's Exact administration, as it is registered with the scheduler."""


async def connect_demo_exact(
    connector: httpx.AsyncClient, scheduler: httpx.AsyncClient, exact_url: str
) -> None:
    """Authorise the demo connection on connector-exact and register demo-exact on it."""
    put = await connector.put(
        "/v1/connections/demo-exact",
        json={"code": await authorize_exact(exact_url), "tenant_id": "demo"},
        headers=OPERATOR,
    )
    assert put.status_code in (200, 201), put.text
    registered = await scheduler.post("/v1/administrations", headers=OPERATOR, json=DEMO_EXACT)
    assert registered.status_code == 201, registered.text
