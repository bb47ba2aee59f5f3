"""connector-exact passes the connector conformance suite against the Exact sandbox."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import pytest

from ledgerbus_connector_exact.core.config import Settings
from ledgerbus_connector_exact.main import create_app
from ledgerbus_connectorkit.testing import ConformanceRig
from ledgerbus_connectorkit.testing.conformance import (
    check_full_sync_leaves_out_hard_deleted_records,
    check_full_sync_mirrors_the_sandbox,
    check_incremental_sync_reads_only_changes,
)
from ledgerbus_connectorkit.testing.scope import (
    check_an_incremental_stays_within_sync_from,
    check_since_rereads_from_that_date,
    check_sync_from_bounds_a_full_sync,
    check_the_mirror_follows_sync_from_and_replace,
    every_request_to,
)
from ledgerbus_contracts import EntityType, Package
from ledgerbus_ledger_store.testing import running_ledger
from ledgerbus_sandboxes.exact import create_app as create_sandbox
from ledgerbus_sandboxes.exact.consent import authorize
from ledgerbus_servicekit import ServiceSettings
from ledgerbus_servicekit.testing import running_app, served_app

pytestmark = pytest.mark.integration
OPERATOR = {"Authorization": "Bearer dev-operator-token"}


@pytest.fixture
async def rig(service_settings: Callable[..., ServiceSettings]) -> AsyncIterator[ConformanceRig]:
    async with served_app(create_sandbox()) as sandbox_url:
        settings = service_settings(Settings, exact_base_url=sandbox_url)
        async with running_app(create_app(settings)) as connector:  # type: ignore[arg-type]
            code = await authorize(sandbox_url)
            created = await connector.post(
                "/v1/connections", json={"code": code, "tenant_id": "conformance"}, headers=OPERATOR
            )
            assert created.status_code == 201, created.text
            yield ConformanceRig(
                package=Package.EXACT,
                sandbox_url=sandbox_url,
                external_id="100001",
                connection_id=created.json()["id"],
                bootstrap=settings.kafka_bootstrap_servers,
                topics=settings.topics,
            )


async def test_a_full_sync_mirrors_the_sandbox(rig: ConformanceRig) -> None:
    result = await check_full_sync_mirrors_the_sandbox(rig)
    lines = result.upserts[EntityType.TRANSACTION_LINE]
    by_entry: dict[str, list[object]] = {}
    for line in lines:
        by_entry.setdefault(line.entry_id, []).append(line.amount)  # type: ignore[union-attr]
    assert all(sum(amounts) == 0 for amounts in by_entry.values()), "an entry does not balance"


async def test_a_full_sync_leaves_out_hard_deleted_records(rig: ConformanceRig) -> None:
    await check_full_sync_leaves_out_hard_deleted_records(rig, EntityType.GL_ACCOUNT)


async def test_an_incremental_sync_reads_only_changes(rig: ConformanceRig) -> None:
    await check_incremental_sync_reads_only_changes(
        rig, EntityType.CONTACT, {"name": "Gewijzigde relatie BV"}
    )


_date_filtered_in_bulk = every_request_to(
    "/Financial/TransactionLines",  # never the sync endpoint: it filters on Timestamp only
    "/bulk/Financial/TransactionLines?",
    "$filter=Date ge datetime'{date}'",
)


async def test_sync_from_bounds_a_full_sync_at_the_source(rig: ConformanceRig) -> None:
    await check_sync_from_bounds_a_full_sync(rig, _date_filtered_in_bulk)


@pytest.mark.timeout(600)  # five full syncs through the connector and the ledger-store
async def test_the_mirror_follows_sync_from_and_replace(
    rig: ConformanceRig, service_settings: Callable[..., ServiceSettings]
) -> None:
    async with running_ledger(service_settings, service_name="ledger-store") as ledger:
        ledger.administration_id = rig.administration_id
        await check_the_mirror_follows_sync_from_and_replace(rig, ledger)


async def test_an_incremental_stays_within_sync_from(rig: ConformanceRig) -> None:
    await check_an_incremental_stays_within_sync_from(rig)


async def test_since_rereads_the_lines_from_that_date(rig: ConformanceRig) -> None:
    await check_since_rereads_from_that_date(rig, _date_filtered_in_bulk)


async def test_divisions_of_a_connection_are_listed(
    service_settings: Callable[..., ServiceSettings],
) -> None:
    async with served_app(create_sandbox()) as sandbox_url:
        settings = service_settings(Settings, exact_base_url=sandbox_url)
        async with running_app(create_app(settings)) as connector:  # type: ignore[arg-type]
            created = await connector.post(
                "/v1/connections",
                json={"code": await authorize(sandbox_url), "id": "c1", "tenant_id": "conformance"},
                headers=OPERATOR,
            )
            assert created.status_code == 201
            divisions = await connector.get("/v1/connections/c1/administrations", headers=OPERATOR)
    assert divisions.status_code == 200, divisions.text
    assert {d["code"] for d in divisions.json()} == {"100001", "100002"}
