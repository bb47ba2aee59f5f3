"""Test support: connector-twinfield against a served Twinfield sandbox, connected."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import httpx

from ledgerbus_connector_twinfield.core.config import Settings
from ledgerbus_connector_twinfield.main import create_app
from ledgerbus_connectorkit.testing import ConformanceRig
from ledgerbus_contracts import Package
from ledgerbus_sandboxes.twinfield import create_app as create_sandbox
from ledgerbus_servicekit.testing import running_app, served_app

OPERATOR = {"Authorization": "Bearer dev-operator-token"}
OFFICE = "NLA000001"


async def demo_code(sandbox_url: str) -> str:
    """A one-time authorization code from the sandbox's demo login."""
    async with httpx.AsyncClient(base_url=sandbox_url) as client:
        code: str = (await client.get("/_sandbox/demo-credentials")).json()["code"]
        return code


@asynccontextmanager
async def twinfield_rig(
    service_settings: Callable[..., Any], office: str = OFFICE
) -> AsyncIterator[tuple[ConformanceRig, httpx.AsyncClient]]:
    """The sandbox over HTTP, the connector running, and a connection to ``office``."""
    async with served_app(create_sandbox()) as sandbox_url:
        settings: Settings = service_settings(Settings, twinfield_login_url=sandbox_url)
        async with running_app(create_app(settings)) as connector:
            created = await connector.post(
                "/v1/connections",
                json={"code": await demo_code(sandbox_url), "tenant_id": "conformance"},
                headers=OPERATOR,
            )
            assert created.status_code == 201, created.text
            rig = ConformanceRig(
                package=Package.TWINFIELD,
                sandbox_url=sandbox_url,
                external_id=office,
                connection_id=created.json()["id"],
                bootstrap=settings.kafka_bootstrap_servers,
                topics=settings.topics,
            )
            yield rig, connector
