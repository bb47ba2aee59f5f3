"""A sync's end marker: check the snapshot, reconcile deletes (or hold them), finish."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from ledgerbus_contracts import (
    DossierChanges,
    EntityType,
    ErrorKind,
    Message,
    Package,
    SyncChangesEnded,
    SyncCompleted,
    SyncError,
    SyncFailed,
    SyncMode,
    SyncNeedsAttention,
    SyncScope,
    SyncState,
)
from ledgerbus_ledger_store.adapters import dossier, reconcile, syncs
from ledgerbus_ledger_store.domain.snapshots import ReceivedPages, incomplete_types, types_to_hold
from ledgerbus_ledger_store.domain.syncs import TERMINAL, duration_seconds
from ledgerbus_servicekit.db import DbConnection

log = logging.getLogger(__name__)


async def end_sync(
    conn: DbConnection, message: SyncChangesEnded, now: dt.datetime, threshold: float
) -> list[Message]:
    """Finish a sync once; a replayed end marker only re-announces the outcome."""
    await syncs.ensure(conn, message.sync_id, message.administration_id)
    row = await syncs.get(conn, message.sync_id, lock=True)
    assert row is not None
    if row["state"] not in {str(s) for s in TERMINAL}:
        row = await _finish(conn, row, message, now, threshold)
    return announcement(row, now)


async def _finish(
    conn: DbConnection,
    row: dict[str, Any],
    message: SyncChangesEnded,
    now: dt.datetime,
    threshold: float,
) -> dict[str, Any]:
    sync_id = message.sync_id
    state, errors = SyncState.SUCCEEDED, list(row["errors"])
    held: dict[EntityType, int] = {}
    scope_values: dict[str, Any] = {}
    deleted = dict(row["deleted"])
    if message.mode is SyncMode.FULL:
        received = {
            EntityType(t): ReceivedPages(frozenset(seqs), n)
            for t, (seqs, n) in (await syncs.received_pages(conn, sync_id)).items()
        }
        problems = incomplete_types(message.totals, received)
        if problems:
            state = SyncState.FAILED
            detail = "; ".join(f"{t}: {p}" for t, p in problems.items())
            errors.append(
                {
                    "kind": "bug",
                    "message": f"snapshot incomplete, nothing deleted: {detail}",
                    "entity_type": None,
                    "at": now.isoformat(),
                }
            )
        else:
            scoped = await _reconcile(conn, row, message, now, threshold)
            held, scope_values = scoped.held, scoped.values
            if held:
                state = SyncState.NEEDS_ATTENTION
            for entity_type, n in scoped.deleted.items():
                deleted[str(entity_type)] = int(deleted.get(str(entity_type), 0)) + n
    if state is SyncState.SUCCEEDED:
        await _dossier_takes_effect(conn, row, now)
    await syncs.update(
        conn,
        sync_id,
        state=str(state),
        errors=errors,
        deleted=deleted,
        started_at=row["started_at"] or message.started_at,
        finished_at=message.ended_at,
        mode=row["mode"] or str(message.mode),
        **scope_values,
    )
    fresh = await syncs.get(conn, sync_id)
    assert fresh is not None
    fresh["held"] = {str(t): n for t, n in held.items()}
    return fresh


@dataclass(frozen=True)
class _Reconciled:
    held: dict[EntityType, int]
    deleted: dict[EntityType, int]
    values: dict[str, Any]
    """The sync row's ``trimmed`` and ``replaced``."""


async def _reconcile(
    conn: DbConnection,
    row: dict[str, Any],
    message: SyncChangesEnded,
    now: dt.datetime,
    threshold: float,
) -> _Reconciled:
    """Deletes within the snapshot's scope (held by the guard unless it replaces), and the
    dated records before ``sync_from`` trimmed with their reason."""
    sync_id, admin = message.sync_id, message.administration_id
    scope = SyncScope.model_validate(row["scope"] or {})
    missing: dict[EntityType, int] = {}
    live: dict[EntityType, int] = {}
    for entity_type in message.totals:
        counted = await reconcile.missing_counts(
            conn, admin, sync_id, [entity_type], _bound(scope, entity_type)
        )
        missing.update(counted[0])
        live.update(counted[1])
    held = {} if scope.replace else types_to_hold(missing, live, threshold)
    deleted: dict[EntityType, int] = {}
    for entity_type in message.totals:
        bound = _bound(scope, entity_type)
        if entity_type in held:
            await reconcile.hold_missing(conn, admin, sync_id, [entity_type], bound)
            continue
        reason = f"replaced at the request of {scope.requested_by or 'an operator'}"
        deleted.update(
            await reconcile.delete_missing(
                conn, admin, sync_id, [entity_type], now, bound, reason if scope.replace else None
            )
        )
    values: dict[str, Any] = {}
    if scope.replace:
        values["replaced"] = {str(t): n for t, n in deleted.items()}
    dated = [t for t in scope.dated if t in message.totals]
    if scope.sync_from is not None and dated:
        trimmed = await reconcile.trim_before(conn, admin, dated, scope.sync_from, now)
        values["trimmed"] = {str(t): n for t, n in trimmed.items()}
    return _Reconciled(held, deleted, values)


def _bound(scope: SyncScope, entity_type: EntityType) -> dt.date | None:
    """The date a snapshot of this type starts at (None: the type is read whole)."""
    return scope.sync_from if entity_type in scope.dated else None


async def _dossier_takes_effect(conn: DbConnection, row: dict[str, Any], now: dt.datetime) -> None:
    """Dossier fields that rode on the sync, applied once (the update id is the sync's)."""
    if row["dossier"] and row["tenant_id"]:
        await dossier.change(
            conn,
            row["administration_id"],
            row["tenant_id"],
            DossierChanges(**row["dossier"]),
            f"{row['sync_id']}:dossier",
            now,
            sync_id=row["sync_id"],
        )


async def conclude_held(
    conn: DbConnection, sync_id: str, *, release: bool, now: dt.datetime
) -> list[Message] | None:
    """An operator released or discarded a sync's held deletions: the sync succeeds.

    Released deletions apply to records unchanged since; discarded ones are forgotten.
    Returns the announcement, or None when the sync holds no deletions.
    """
    row = await syncs.get(conn, sync_id, lock=True)
    if row is None or row["state"] != SyncState.NEEDS_ATTENTION:
        return None
    deleted = dict(row["deleted"])
    if release:
        for entity_type, n in (await reconcile.release_held(conn, sync_id, now)).items():
            deleted[entity_type] = int(deleted.get(entity_type, 0)) + n
    else:
        await reconcile.discard_held(conn, sync_id)
    await _dossier_takes_effect(conn, row, now)
    await syncs.update(conn, sync_id, state=str(SyncState.SUCCEEDED), deleted=deleted)
    fresh = await syncs.get(conn, sync_id)
    assert fresh is not None
    return announcement(fresh, now)


def announcement(row: dict[str, Any], now: dt.datetime) -> list[Message]:
    """The ``sync.status`` event that tells the platform how a sync ended."""
    if row["package"] is None or row["tenant_id"] is None:
        log.warning("sync %s ended without tenant or package; not announced", row["sync_id"])
        return []
    common: dict[str, Any] = {
        "administration_id": row["administration_id"],
        "sync_id": row["sync_id"],
        "tenant_id": row["tenant_id"],
        "package": Package(row["package"]),
        "at": now,
    }
    state = SyncState(row["state"])
    if state is SyncState.SUCCEEDED:
        return [
            SyncCompleted(
                **common,
                mode=SyncMode(row["mode"]),
                applied={EntityType(t): int(n) for t, n in row["applied"].items()},
                deleted={EntityType(t): int(n) for t, n in row["deleted"].items()},
                duration_seconds=duration_seconds(row["started_at"], row["finished_at"]) or 0.0,
            )
        ]
    if state is SyncState.NEEDS_ATTENTION:
        return [
            SyncNeedsAttention(
                **common,
                reason="a full sync would delete more records than the mass-deletion guard allows;"
                " release or discard the held deletions",
                held_deletions={EntityType(t): int(n) for t, n in row.get("held", {}).items()},
            )
        ]
    last = row["errors"][-1] if row["errors"] else {"kind": "bug", "message": "failed"}
    return [
        SyncFailed(**common, error=SyncError(kind=ErrorKind(last["kind"]), message=last["message"]))
    ]
