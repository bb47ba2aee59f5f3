"""A full sync of a SnelStart administration over real HTTP, Kafka and PostgreSQL: the
upserts on ``ledger.changes`` are the sandbox's records, and lines point at them."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from decimal import Decimal

import httpx
import pytest

from ledgerbus_connector_snelstart.testing import snelstart_rig
from ledgerbus_connectorkit.testing.tenancy import refused
from ledgerbus_contracts import EntityType, SyncMode
from ledgerbus_contracts.entities import Daybook, GlAccount, TransactionLine
from ledgerbus_servicekit import ServiceSettings

pytestmark = pytest.mark.integration


async def test_gl_accounts_equal_the_sandbox_and_lines_point_at_synced_records(
    service_settings: Callable[..., ServiceSettings],
) -> None:
    async with snelstart_rig(service_settings, index=1) as (rig, connector):
        assert (await connector.get("/healthz")).status_code == 200
        result = await rig.sync(SyncMode.FULL)
        sandbox = await rig.sandbox_records(EntityType.GL_ACCOUNT)
        lines = await rig.sandbox_records(EntityType.TRANSACTION_LINE)
    accounts = [e for e in result.upserts[EntityType.GL_ACCOUNT] if isinstance(e, GlAccount)]
    assert {a.source_id: (a.code, a.name, a.account_type, a.blocked) for a in accounts} == {
        r["id"]: (
            str(r["nummer"]),
            r["omschrijving"],
            "balance" if r["rekeningCode"] == "Balans" else "profit_loss",
            r["nonactief"],
        )
        for r in sandbox
    }
    mirrored = [
        e for e in result.upserts[EntityType.TRANSACTION_LINE] if isinstance(e, TransactionLine)
    ]
    assert {line.source_id: line.amount for line in mirrored} == {
        r["id"]: Decimal(str(r["debet"])) - Decimal(str(r["credit"])) for r in lines
    }
    by_id = {a.source_id: a.code for a in accounts}
    assert {line.source_id: line.gl_account_code for line in mirrored} == {
        r["id"]: by_id[r["grootboek"]["id"]] for r in lines
    }
    assert sum((line.amount for line in mirrored), Decimal(0)) == 0
    daybooks = {e.code for e in result.upserts[EntityType.DAYBOOK] if isinstance(e, Daybook)}
    assert {line.daybook_code for line in mirrored} <= daybooks
    assert {line.gl_account_code for line in mirrored} <= {a.code for a in accounts}
    assert result.end is not None
    assert result.end.totals[EntityType.GL_ACCOUNT].records == len(sandbox)
    assert result.end.totals[EntityType.TRANSACTION_LINE].pages == -(-len(lines) // 500)


async def test_an_incremental_sync_carries_changed_lines_with_their_codes_resolved(
    service_settings: Callable[..., ServiceSettings],
) -> None:
    async with snelstart_rig(service_settings) as (rig, _):
        full = await rig.sync(SyncMode.FULL)
        async with httpx.AsyncClient(base_url=rig.sandbox_url) as sandbox:
            response = await sandbox.post(
                f"/_sandbox/administrations/{rig.external_id}/mutations",
                json={"entity_type": "transaction_line", "create": 2, "update": 2},
            )
        touched = response.json()
        result = await rig.sync(SyncMode.INCREMENTAL)
        lines = {r["id"]: r for r in await rig.sandbox_records(EntityType.TRANSACTION_LINE)}
    changed = set(touched["created"]) | set(touched["updated"])
    assert result.ids(EntityType.TRANSACTION_LINE) == changed
    assert EntityType.GL_ACCOUNT not in result.upserts
    codes = {
        a.source_id: a.code for a in full.upserts[EntityType.GL_ACCOUNT] if isinstance(a, GlAccount)
    }
    for line in result.upserts[EntityType.TRANSACTION_LINE]:
        assert isinstance(line, TransactionLine)
        assert line.gl_account_code == codes[lines[line.source_id]["grootboek"]["id"]]


async def test_a_client_key_syncs_only_the_administration_it_opens(
    service_settings: Callable[..., ServiceSettings],
) -> None:
    async with snelstart_rig(service_settings, index=1) as (rig, _):
        other = dataclasses.replace(
            rig, external_id="00000000-0000-4000-8000-000000000001", administration_id="other"
        )
        await refused(other, "cannot reach snelstart administration")
