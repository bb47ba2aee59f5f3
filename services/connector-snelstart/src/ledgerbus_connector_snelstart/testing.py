"""Test support: connector-snelstart against a served SnelStart sandbox, connected."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import httpx

from ledgerbus_connector_snelstart.core.config import Settings
from ledgerbus_connector_snelstart.main import create_app
from ledgerbus_connectorkit.testing import ConformanceRig
from ledgerbus_contracts import Package
from ledgerbus_sandboxes.snelstart import SnelStartSandboxConfig
from ledgerbus_sandboxes.snelstart import create_app as create_sandbox
from ledgerbus_servicekit.testing import running_app, served_app

OPERATOR = {"Authorization": "Bearer dev-operator-token"}


@asynccontextmanager
async def snelstart_rig(
    service_settings: Callable[..., Any], index: int = 0, **overrides: Any
) -> AsyncIterator[tuple[ConformanceRig, httpx.AsyncClient]]:
    """The sandbox over HTTP, the connector running, and a connection to the
    sandbox's ``index``-th administration with its client key; ``overrides`` go to the
    connector's settings."""
    config = SnelStartSandboxConfig()
    administration, (_, client_key) = list(config.administrations.items())[index]
    async with served_app(create_sandbox(config)) as sandbox_url:
        settings: Settings = service_settings(Settings, snelstart_base_url=sandbox_url, **overrides)
        async with running_app(create_app(settings)) as connector:
            created = await connector.post(
                "/v1/connections",
                json={"client_key": client_key, "tenant_id": "conformance"},
                headers=OPERATOR,
            )
            assert created.status_code == 201, created.text
            rig = ConformanceRig(
                package=Package.SNELSTART,
                sandbox_url=sandbox_url,
                external_id=administration,
                connection_id=created.json()["id"],
                bootstrap=settings.kafka_bootstrap_servers,
                topics=settings.topics,
            )
            yield rig, connector
