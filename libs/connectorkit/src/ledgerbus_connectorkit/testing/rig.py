"""A connector service against its served sandbox, with one connection: the rig of a
package's integration tests."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

import httpx
from fastapi import FastAPI

from ledgerbus_connectorkit.testing.conformance import ConformanceRig
from ledgerbus_contracts import Package
from ledgerbus_servicekit import ServiceSettings
from ledgerbus_servicekit.testing import running_app, served_app

OPERATOR = {"Authorization": "Bearer dev-operator-token"}
"""The development operator token's header."""

Connected = tuple[ConformanceRig, httpx.AsyncClient]
RigFactory = Callable[..., AbstractAsyncContextManager[Connected]]
"""``rig(service_settings)``: the rig and a client of the connector's API."""


@asynccontextmanager
async def connector_rig(
    service_settings: Callable[..., Any],
    *,
    package: Package,
    sandbox: FastAPI,
    create_app: Callable[[Any], FastAPI],
    settings: type[ServiceSettings],
    sandbox_setting: str,
    external_id: str,
    credentials: Callable[[str], Awaitable[dict[str, Any]]],
    **overrides: Any,
) -> AsyncIterator[Connected]:
    """Serve ``sandbox``, run the connector with ``sandbox_setting`` set to its URL (and
    ``overrides``), and create a connection of the rig's tenant with the body that
    ``credentials(sandbox_url)`` gives; yields the rig on ``external_id`` and the API."""
    async with served_app(sandbox) as sandbox_url:
        configured = service_settings(settings, **{sandbox_setting: sandbox_url}, **overrides)
        async with running_app(create_app(configured)) as api:
            body = {**await credentials(sandbox_url), "tenant_id": "conformance"}
            created = await api.post("/v1/connections", json=body, headers=OPERATOR)
            assert created.status_code == 201, created.text
            rig = ConformanceRig(
                package=package,
                sandbox_url=sandbox_url,
                external_id=external_id,
                connection_id=created.json()["id"],
                bootstrap=configured.kafka_bootstrap_servers,
                topics=configured.topics,
            )
            yield rig, api
