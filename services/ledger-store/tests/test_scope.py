"""A full snapshot frames its scope: ``sync_from`` bounds reconciliation, trims, and
``replace`` lifts the mass-deletion guard (issue 19)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

import pytest

from ledgerbus_contracts import (
    EntitiesUpserted,
    EntityType,
    EntityTypeTotals,
    Message,
    Package,
    SyncChangesEnded,
    SyncChangesStarted,
    SyncMode,
    SyncScope,
    SyncTrigger,
)
from ledgerbus_contracts.entities import TransactionLine
from ledgerbus_ledger_store.testing import ADMIN, AT, OPERATOR, Ledger, running_ledger
from ledgerbus_servicekit import ServiceSettings

pytestmark = pytest.mark.integration
Settings = Callable[..., ServiceSettings]
LINE = EntityType.TRANSACTION_LINE
FROM_2025 = dt.date(2025, 1, 1)


def line(source_id: str, date: dt.date, version: int = 1) -> TransactionLine:
    return TransactionLine(
        administration_id=ADMIN,
        source_id=source_id,
        source_version=version,
        entry_id=f"e-{source_id}",
        date=date,
        gl_account_code="8000",
        amount=Decimal("1.00"),
        raw={"id": source_id},
    )


def framed(sync_id: str, lines: Sequence[TransactionLine], scope: SyncScope) -> list[Message]:
    """A full snapshot of transaction lines in one page, started with its scope."""
    return [
        SyncChangesStarted(
            administration_id=ADMIN,
            sync_id=sync_id,
            mode=SyncMode.FULL,
            entity_types=(LINE,),
            started_at=AT,
            tenant_id="t1",
            package=Package.EXACT,
            trigger=SyncTrigger.MANUAL,
            scope=scope,
        ),
        EntitiesUpserted(
            administration_id=ADMIN, sync_id=sync_id, entity_type=LINE, page_seq=0, records=lines
        ),
        SyncChangesEnded(
            administration_id=ADMIN,
            sync_id=sync_id,
            mode=SyncMode.FULL,
            started_at=AT,
            ended_at=AT + dt.timedelta(seconds=5),
            totals={LINE: EntityTypeTotals(records=len(lines), pages=1)},
        ),
    ]


def scoped(sync_from: dt.date | None, **more: Any) -> SyncScope:
    return SyncScope(sync_from=sync_from, dated=(LINE,), **more)


OLD = [line(f"old-{n}", dt.date(2024, 3, n + 1)) for n in range(6)]
NEW = [line(f"new-{n}", dt.date(2025, 2, n + 1)) for n in range(4)]


async def lines(ledger: Ledger, include_deleted: bool = False) -> dict[str, dict[str, Any]]:
    response = await ledger.api.get(
        f"/v1/administrations/{ADMIN}/entities/transaction_line",
        params={"include_deleted": str(include_deleted).lower(), "limit": "1000"},
        headers=OPERATOR,
    )
    assert response.status_code == 200, response.text
    return {item["source_id"]: item for item in response.json()["items"]}


async def test_moving_sync_from_later_trims_and_earlier_brings_the_lines_back(
    service_settings: Settings,
) -> None:
    async with running_ledger(service_settings) as ledger:
        await ledger.publish(framed("all", [*OLD, *NEW], scoped(None)))
        await ledger.sync("all")
        # sync_from moved to 2025: the snapshot holds only the 2025 lines. The 2024 ones
        # are outside its scope, never "missing" (6 of 10 would trip the guard), and are
        # trimmed with a reason.
        await ledger.publish(framed("later", NEW, scoped(FROM_2025)))
        later = await ledger.sync("later")
        after_later = await lines(ledger)
        trimmed = await lines(ledger, include_deleted=True)
        # sync_from moved back: the snapshot holds every line again, at the same versions.
        await ledger.publish(framed("earlier", [*OLD, *NEW], scoped(dt.date(2024, 1, 1))))
        earlier = await ledger.sync("earlier")
        after_earlier = await lines(ledger)
    assert later["state"] == "succeeded" and later["deleted"] == {}
    assert later["trimmed"] == {"transaction_line": 6}
    assert later["scope"]["sync_from"] == "2025-01-01"
    assert set(after_later) == {x.source_id for x in NEW}
    assert trimmed["old-0"]["deleted_reason"] == "dated before sync_from 2025-01-01"
    assert earlier["state"] == "succeeded" and earlier["trimmed"] == {}
    assert set(after_earlier) == {x.source_id for x in [*OLD, *NEW]}
    assert after_earlier["old-0"]["deleted_reason"] is None


async def test_the_guard_compares_within_the_scope_and_replace_lifts_it(
    service_settings: Settings,
) -> None:
    async with running_ledger(service_settings) as ledger:
        await ledger.publish(framed("all", [*OLD, *NEW], scoped(None)))
        await ledger.sync("all")
        # Within 2025, 3 of the 4 lines are gone: above the guard, though 3 of 10 is not.
        await ledger.publish(framed("held", NEW[:1], scoped(FROM_2025)))
        held = await ledger.sync("held")
        kept = await lines(ledger)
        replace = scoped(FROM_2025, replace=True, requested_by="operator")
        await ledger.publish(framed("replace", NEW[:1], replace))
        replaced = await ledger.sync("replace")
        left = await lines(ledger, include_deleted=True)
    assert held["state"] == "needs_attention"
    assert {x.source_id for x in NEW} <= set(kept)
    assert replaced["state"] == "succeeded"
    assert replaced["deleted"] == {"transaction_line": 3}
    assert replaced["replaced"] == {"transaction_line": 3}
    assert replaced["scope"]["replace"] is True
    assert replaced["scope"]["requested_by"] == "operator"
    assert left["new-1"]["deleted_at"] is not None
    assert left["new-1"]["deleted_reason"] == "replaced at the request of operator"
    assert left["new-0"]["deleted_at"] is None
