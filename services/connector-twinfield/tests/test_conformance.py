"""connector-twinfield passes the connector conformance suite against the Twinfield sandbox."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import httpx
import pytest

from ledgerbus_connector_twinfield.core.config import Settings
from ledgerbus_connector_twinfield.main import create_app
from ledgerbus_connectorkit.testing import ConformanceRig
from ledgerbus_connectorkit.testing.conformance import (
    check_full_sync_leaves_out_hard_deleted_records,
    check_full_sync_mirrors_the_sandbox,
    check_incremental_sync_reads_only_changes,
)
from ledgerbus_contracts import EntityType, Package
from ledgerbus_sandboxes.twinfield import create_app as create_sandbox
from ledgerbus_servicekit import ServiceSettings
from ledgerbus_servicekit.testing import running_app, served_app

pytestmark = pytest.mark.integration
OPERATOR = {"Authorization": "Bearer dev-operator-token"}
ADMINISTRATION = "NLA000001"


@pytest.fixture
async def rig(service_settings: Callable[..., ServiceSettings]) -> AsyncIterator[ConformanceRig]:
    async with served_app(create_sandbox()) as sandbox_url:
        settings = service_settings(Settings, twinfield_login_url=sandbox_url)
        async with running_app(create_app(settings)) as connector:  # type: ignore[arg-type]
            code = (await _client(sandbox_url).get("/_sandbox/demo-credentials")).json()["code"]
            created = await connector.post("/v1/connections", json={"code": code}, headers=OPERATOR)
            assert created.status_code == 201, created.text
            yield ConformanceRig(
                package=Package.TWINFIELD,
                sandbox_url=sandbox_url,
                external_id=ADMINISTRATION,
                connection_id=created.json()["id"],
                bootstrap=settings.kafka_bootstrap_servers,
                topics=settings.topics,
            )


async def test_a_full_sync_mirrors_the_sandbox(rig: ConformanceRig) -> None:
    await check_full_sync_mirrors_the_sandbox(rig)


async def test_a_full_sync_leaves_out_hard_deleted_records(rig: ConformanceRig) -> None:
    await check_full_sync_leaves_out_hard_deleted_records(rig, EntityType.CONTACT)


async def test_an_incremental_sync_reads_only_changes(rig: ConformanceRig) -> None:
    await check_incremental_sync_reads_only_changes(
        rig, EntityType.TRANSACTION_LINE, {"description": "Gewijzigde regel"}
    )


async def test_a_refused_code_gets_a_clear_error(
    service_settings: Callable[..., ServiceSettings],
) -> None:
    async with served_app(create_sandbox()) as sandbox_url:
        settings = service_settings(Settings, twinfield_login_url=sandbox_url)
        async with running_app(create_app(settings)) as connector:  # type: ignore[arg-type]
            refused = await connector.post(
                "/v1/connections", json={"code": "not-a-code"}, headers=OPERATOR
            )
    assert refused.status_code == 422
    assert "token endpoint" in refused.json()["detail"]


def _client(url: str) -> httpx.AsyncClient:
    return httpx.AsyncClient(base_url=url)
