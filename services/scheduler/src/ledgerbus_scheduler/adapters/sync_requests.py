"""SQL for requested syncs: the outbox and the deduplication of equivalent requests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from ledgerbus_contracts import RequestSync
from ledgerbus_servicekit.db import DbConnection


async def active_equivalent(
    conn: DbConnection, request: RequestSync, requested_after: dt.datetime
) -> str | None:
    """The id of a queued or running sync (requested after ``requested_after``) that asks
    for the same thing."""
    value = await conn.fetchval(
        """
        SELECT sync_id FROM sync_requests
        WHERE administration_id = $1 AND ended_at IS NULL AND mode = $2
          AND entity_types = $3::text[] AND since IS NOT DISTINCT FROM $4
          AND (request -> 'dossier') IS NOT DISTINCT FROM $5::jsonb AND created_at > $6
        ORDER BY created_at LIMIT 1
        """,
        request.administration_id,
        str(request.mode),
        [str(t) for t in request.entity_types],
        request.since,
        request.dossier.model_dump_json() if request.dossier else "null",
        requested_after,
    )
    return None if value is None else str(value)


async def insert(
    conn: DbConnection,
    request: RequestSync,
    traceparent: str | None,
    now: dt.datetime,
    *,
    connector_version: str | None = None,
) -> bool:
    """Write the request to the outbox; False when its id was written before."""
    status = await conn.execute(
        """
        INSERT INTO sync_requests (sync_id, administration_id, mode, trigger, entity_types, since,
                                   request, traceparent, created_at, connector_version)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (sync_id) DO NOTHING
        """,
        request.sync_id,
        request.administration_id,
        str(request.mode),
        str(request.trigger),
        [str(t) for t in request.entity_types],
        request.since,
        request.model_dump_json(),
        traceparent,
        now,
        connector_version,
    )
    return bool(status.endswith("1"))


async def insert_scheduled(
    conn: DbConnection,
    requests: Sequence[tuple[RequestSync, str | None]],
    now: dt.datetime,
) -> None:
    """Write scheduled requests (no entity types, since or trace) with their upgrade version,
    in one statement; an id written before is skipped."""
    await conn.execute(
        """
        INSERT INTO sync_requests (sync_id, administration_id, mode, trigger, entity_types, since,
                                   request, created_at, connector_version)
        SELECT sync_id, administration_id, mode, trigger, '{}', NULL, request, $6, version
        FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::jsonb[], $7::text[])
            AS r(sync_id, administration_id, mode, trigger, request, version)
        ON CONFLICT (sync_id) DO NOTHING
        """,
        [r.sync_id for r, _ in requests],
        [r.administration_id for r, _ in requests],
        [str(r.mode) for r, _ in requests],
        [str(r.trigger) for r, _ in requests],
        [r.model_dump_json() for r, _ in requests],
        now,
        [v for _, v in requests],
    )


async def mark_published(conn: DbConnection, sync_ids: list[str], now: dt.datetime) -> None:
    await conn.execute(
        "UPDATE sync_requests SET published_at = $2"
        " WHERE sync_id = ANY($1::text[]) AND published_at IS NULL",
        sync_ids,
        now,
    )


async def claim_unpublished(
    conn: DbConnection, limit: int = 500, sync_id: str | None = None
) -> list[dict[str, Any]]:
    """Unpublished requests (or just ``sync_id``), locked until this transaction ends.

    Another publisher skips what is locked, so two replicas never publish one request at
    the same time; what one published is marked before its lock is released.
    """
    rows = await conn.fetch(
        "SELECT sync_id, request, traceparent FROM sync_requests WHERE published_at IS NULL"
        " AND ($2::text IS NULL OR sync_id = $2) ORDER BY created_at LIMIT $1"
        " FOR UPDATE SKIP LOCKED",
        limit,
        sync_id,
    )
    return [dict(r) for r in rows]


async def end(
    conn: DbConnection, sync_id: str, outcome: str, now: dt.datetime
) -> dict[str, Any] | None:
    """The sync ended: it no longer answers for equivalent requests.

    A completed upgrade sync records its connector version on the administration; a
    failed one puts the upgrade back on the administration's next night. Returns the
    ended request's package, mode, trigger and ``created_at`` the first time, else None.
    """
    ended = await conn.fetchrow(
        "UPDATE sync_requests SET ended_at = $3, outcome = $2"
        " WHERE sync_id = $1 AND ended_at IS NULL RETURNING administration_id,"
        " connector_version, request::jsonb->>'package' AS package, mode, trigger, created_at",
        sync_id,
        outcome,
        now,
    )
    if ended is None:
        return None
    if ended["connector_version"] is None:
        return dict(ended)
    if outcome in ("succeeded", "needs_attention"):
        await conn.execute(
            "UPDATE administrations SET connector_version = $2 WHERE id = $1",
            ended["administration_id"],
            ended["connector_version"],
        )
    elif outcome == "failed":
        await conn.execute(
            "UPDATE administrations SET upgrade_version = $2, upgrade_full_on = next_night"
            " WHERE id = $1 AND upgrade_version IS NULL AND connector_version IS DISTINCT FROM $2",
            ended["administration_id"],
            ended["connector_version"],
        )
    return dict(ended)
