"""How start markers and status events move a sync's row."""

from __future__ import annotations

from ledgerbus_contracts import (
    SyncChangesStarted,
    SyncFailed,
    SyncPaused,
    SyncProgressed,
    SyncStarted,
    SyncState,
    SyncStatusEvent,
)
from ledgerbus_ledger_store.adapters import syncs
from ledgerbus_ledger_store.domain.syncs import may_move
from ledgerbus_servicekit.db import DbConnection


async def started_changes(conn: DbConnection, message: SyncChangesStarted) -> None:
    """A connector began publishing a sync's changes."""
    await syncs.ensure(conn, message.sync_id, message.administration_id)
    row = await syncs.get(conn, message.sync_id, lock=True)
    assert row is not None
    values: dict[str, object] = {
        "mode": str(message.mode),
        "entity_types": [str(t) for t in message.entity_types],
        "started_at": row["started_at"] or message.started_at,
        "tenant_id": message.tenant_id or row["tenant_id"],
        "package": str(message.package) if message.package else row["package"],
        "trigger": str(message.trigger) if message.trigger else row["trigger"],
        "dossier": message.dossier.model_dump(mode="json") if message.dossier else None,
        "scope": message.scope.model_dump(mode="json"),
    }
    if may_move(row["state"], SyncState.RUNNING):
        values["state"] = str(SyncState.RUNNING)
    await syncs.update(conn, message.sync_id, **values)


async def apply_status(conn: DbConnection, event: SyncStatusEvent) -> None:
    """Started, progressed, paused and failed events from the connectors."""
    if not isinstance(event, SyncStarted | SyncProgressed | SyncPaused | SyncFailed):
        return  # completed and needs-attention are the ledger-store's own
    await syncs.ensure(conn, event.sync_id, event.administration_id)
    row = await syncs.get(conn, event.sync_id, lock=True)
    assert row is not None
    values: dict[str, object] = {
        "tenant_id": row["tenant_id"] or event.tenant_id,
        "package": row["package"] or str(event.package),
    }
    if isinstance(event, SyncStarted):
        new_state = SyncState.RUNNING
        values.update(
            mode=row["mode"] or str(event.mode),
            trigger=row["trigger"] or str(event.trigger),
            started_at=row["started_at"] or event.at,
            entity_types=row["entity_types"] or [str(t) for t in event.entity_types],
        )
    elif isinstance(event, SyncProgressed):
        new_state = SyncState.RUNNING
        progress = dict(row["progress"])
        progress[str(event.entity_type)] = {"records": event.records, "expected": event.expected}
        values["progress"] = progress
    elif isinstance(event, SyncPaused):
        new_state = SyncState.WAITING_FOR_RATE_LIMIT
        values["resume_at"] = event.resume_at
    else:
        new_state = SyncState.FAILED
        error = {**event.error.model_dump(mode="json"), "at": event.at.isoformat()}
        values.update(errors=[*row["errors"], error], finished_at=event.at)
    if may_move(row["state"], new_state):
        values["state"] = str(new_state)
        await syncs.update(conn, event.sync_id, **values)


async def add_counts(conn: DbConnection, sync_id: str, column: str, counts: dict[str, int]) -> None:
    """Add to a sync's applied or deleted counts per entity type."""
    row = await syncs.get(conn, sync_id, lock=True)
    if row is None:
        return
    total = dict(row[column])
    for entity_type, n in counts.items():
        total[entity_type] = int(total.get(entity_type, 0)) + n
    await syncs.update(conn, sync_id, **{column: total})
