"""connector-twinfield passes the connector conformance suite against the Twinfield sandbox."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import pytest

from ledgerbus_connector_twinfield.core.config import Settings
from ledgerbus_connector_twinfield.main import create_app
from ledgerbus_connector_twinfield.testing import OPERATOR, twinfield_rig
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
from ledgerbus_contracts import EntityType
from ledgerbus_ledger_store.testing import running_ledger
from ledgerbus_sandboxes.twinfield import create_app as create_sandbox
from ledgerbus_servicekit import ServiceSettings
from ledgerbus_servicekit.testing import running_app, served_app

pytestmark = pytest.mark.integration


@pytest.fixture
async def rig(service_settings: Callable[..., ServiceSettings]) -> AsyncIterator[ConformanceRig]:
    async with twinfield_rig(service_settings) as (rig, _):
        yield rig


async def test_a_full_sync_mirrors_the_sandbox(rig: ConformanceRig) -> None:
    await check_full_sync_mirrors_the_sandbox(rig)


async def test_a_full_sync_leaves_out_hard_deleted_records(rig: ConformanceRig) -> None:
    await check_full_sync_leaves_out_hard_deleted_records(rig, EntityType.CONTACT)


async def test_an_incremental_sync_reads_only_changes(rig: ConformanceRig) -> None:
    await check_incremental_sync_reads_only_changes(
        rig, EntityType.TRANSACTION_LINE, {"description": "Gewijzigde regel"}
    )


_period_range_and_date = every_request_to(
    "browse 000:",  # the sandbox logs each browse's filters
    "fin.trs.head.date between {compact}..",
    "fin.trs.head.yearperiod between ",
)


async def test_sync_from_bounds_a_full_sync_at_the_source(rig: ConformanceRig) -> None:
    await check_sync_from_bounds_a_full_sync(rig, _period_range_and_date)


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
    await check_since_rereads_from_that_date(rig, _period_range_and_date)


async def test_a_refused_code_gets_a_clear_error(
    service_settings: Callable[..., ServiceSettings],
) -> None:
    async with served_app(create_sandbox()) as sandbox_url:
        settings = service_settings(Settings, twinfield_login_url=sandbox_url)
        async with running_app(create_app(settings)) as connector:  # type: ignore[arg-type]
            refused = await connector.post(
                "/v1/connections",
                json={"code": "not-a-code", "tenant_id": "conformance"},
                headers=OPERATOR,
            )
    assert refused.status_code == 422
    assert "token endpoint" in refused.json()["detail"][0]["msg"]
