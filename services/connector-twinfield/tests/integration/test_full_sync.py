"""A full sync of a Twinfield office over real HTTP, Kafka and PostgreSQL: the upserts on
``ledger.changes`` are the sandbox's records, field by field, framed by start and end."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from ledgerbus_connector_twinfield.testing import twinfield_rig
from ledgerbus_connectorkit.testing import ConformanceRig
from ledgerbus_contracts import (
    EntitiesUpserted,
    EntityType,
    SyncChangesEnded,
    SyncChangesStarted,
    SyncMode,
)
from ledgerbus_contracts.entities import GlAccount, TransactionLine
from ledgerbus_servicekit import ServiceSettings
from ledgerbus_servicekit.testing import TopicReader, eventually

pytestmark = pytest.mark.integration


async def events_of(rig: ConformanceRig, sync_id: str) -> list[Any]:
    """Everything one sync published on ``ledger.changes``, in order."""
    async with TopicReader(rig.bootstrap, rig.topics.ledger_changes) as changes:

        async def ended() -> list[Any] | None:
            await changes.poll()
            mine = [
                e.data for e in changes.envelopes() if getattr(e.data, "sync_id", "") == sync_id
            ]
            return mine if any(isinstance(m, SyncChangesEnded) for m in mine) else None

        return await eventually(ended, what=f"sync {sync_id} to end")


async def test_gl_accounts_and_lines_equal_the_sandbox_and_the_sync_is_framed(
    service_settings: Callable[..., ServiceSettings],
) -> None:
    async with twinfield_rig(service_settings, office="NLA000002") as (rig, connector):
        assert (await connector.get("/readyz")).status_code == 200
        result = await rig.sync(SyncMode.FULL)
        sandbox = await rig.sandbox_records(EntityType.GL_ACCOUNT)
        lines = await rig.sandbox_records(EntityType.TRANSACTION_LINE)
    accounts = [e for e in result.upserts[EntityType.GL_ACCOUNT] if isinstance(e, GlAccount)]
    assert {a.code: (a.name, a.account_type) for a in accounts} == {
        r["Code"]: (r["Naam"], "balance" if r["Dimensietype"] == "BAS" else "profit_loss")
        for r in sandbox
    }
    assert {a.administration_id for a in accounts} == {rig.administration_id}
    mirrored = [
        e for e in result.upserts[EntityType.TRANSACTION_LINE] if isinstance(e, TransactionLine)
    ]
    assert {line.source_id: line.amount for line in mirrored} == {
        r["id"]: Decimal(r["fin.trs.line.valuesigned"]) for r in lines
    }
    assert result.end is not None and result.end.mode is SyncMode.FULL
    assert result.end.totals[EntityType.GL_ACCOUNT].records == len(sandbox)
    events = await events_of(rig, result.end.sync_id)
    assert isinstance(events[0], SyncChangesStarted) and events[0].mode is SyncMode.FULL
    assert isinstance(events[-1], SyncChangesEnded)
    pages = [
        e.page_seq
        for e in events
        if isinstance(e, EntitiesUpserted) and e.entity_type is EntityType.GL_ACCOUNT
    ]
    assert pages == list(range(len(pages))) and pages
