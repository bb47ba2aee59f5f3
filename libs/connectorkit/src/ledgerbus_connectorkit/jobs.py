"""The durable job queue of a connector in PostgreSQL: enqueue, claim with a lease, save.

Several replicas share the queue: a job is claimed with ``FOR UPDATE SKIP LOCKED``
and a lease, which its worker renews while the run lasts; a replica that dies loses its
lease and another resumes the job from its last saved progress.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import asyncpg

from ledgerbus_connectorkit.progress import JobProgress
from ledgerbus_contracts import RequestSync, SyncError


@dataclass
class Job:
    """A claimed sync and its progress so far."""

    request: RequestSync
    progress: JobProgress
    attempts: int
    traceparent: str | None = None


class JobStore:
    """Reads and writes jobs and cursors."""

    def __init__(self, pool: asyncpg.Pool, owner: str, lease_seconds: float = 120.0) -> None:
        self.pool = pool
        self.owner = owner
        self.lease = dt.timedelta(seconds=lease_seconds)

    async def enqueue(self, request: RequestSync, traceparent: str | None = None) -> bool:
        """Add a requested sync; False when it was queued already (a redelivery).

        ``traceparent`` lets the sync's spans continue the trace of the request.
        """
        status = await self.pool.execute(
            "INSERT INTO sync_jobs (sync_id, administration_id, request, traceparent)"
            " VALUES ($1, $2, $3, $4) ON CONFLICT (sync_id) DO NOTHING",
            request.sync_id,
            request.administration_id,
            request.model_dump_json(),
            traceparent,
        )
        return bool(status.endswith("1"))

    async def claim(self, now: dt.datetime, limit: int, running: Sequence[str] = ()) -> list[Job]:
        """Lease up to ``limit`` runnable jobs, oldest first; one job per administration.

        ``running`` names the syncs the caller runs already: they are never claimed again,
        even when their lease lapsed.
        """
        rows = await self.pool.fetch(
            """
            WITH runnable AS (
                SELECT sync_id FROM sync_jobs j
                WHERE state IN ('queued', 'running', 'paused') AND not_before <= $1
                  AND (lease_until IS NULL OR lease_until < $1)
                  AND NOT (sync_id = ANY($5::text[]))
                  AND NOT EXISTS (
                      SELECT 1 FROM sync_jobs o
                      WHERE o.administration_id = j.administration_id
                        AND o.sync_id <> j.sync_id AND o.lease_until >= $1
                        AND o.state IN ('queued', 'running', 'paused'))
                ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED
            )
            UPDATE sync_jobs SET state = 'running', lease_owner = $3, lease_until = $4,
                   attempts = attempts + 1, started_at = coalesce(started_at, $1)
            FROM runnable WHERE sync_jobs.sync_id = runnable.sync_id
            RETURNING request, progress, attempts, traceparent
            """,
            now,
            limit,
            self.owner,
            now + self.lease,
            list(running),
        )
        return [
            Job(
                RequestSync.model_validate_json(r["request"]),
                JobProgress.model_validate_json(r["progress"]),
                r["attempts"],
                r["traceparent"],
            )
            for r in rows
        ]

    async def save(self, sync_id: str, progress: JobProgress, now: dt.datetime) -> None:
        """Record progress and renew the lease."""
        await self.pool.execute(
            "UPDATE sync_jobs SET progress = $2, lease_until = $3"
            " WHERE sync_id = $1 AND lease_owner = $4",
            sync_id,
            progress.model_dump_json(),
            now + self.lease,
            self.owner,
        )

    async def renew(self, sync_ids: list[str], now: dt.datetime) -> None:
        """Extend this owner's leases of jobs it is still running, so that no one claims
        them again while their runs wait (on the broker, say) without saving progress."""
        if not sync_ids:
            return
        await self.pool.execute(
            "UPDATE sync_jobs SET lease_until = $2"
            " WHERE sync_id = ANY($1::text[]) AND lease_owner = $3 AND state = 'running'",
            sync_ids,
            now + self.lease,
            self.owner,
        )

    async def finish(
        self,
        sync_id: str,
        state: str,
        now: dt.datetime,
        *,
        error: SyncError | None = None,
        cursors: dict[str, str] | None = None,
        administration_id: str = "",
    ) -> None:
        """End a job as succeeded or failed, advancing the cursors in the same transaction."""
        async with self.pool.acquire() as conn, conn.transaction():
            for stream, cursor in (cursors or {}).items():
                await conn.execute(
                    "INSERT INTO cursors (administration_id, stream, cursor, updated_at)"
                    " VALUES ($1, $2, $3, $4) ON CONFLICT (administration_id, stream)"
                    " DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at",
                    administration_id,
                    stream,
                    cursor,
                    now,
                )
            await conn.execute(
                "UPDATE sync_jobs SET state = $2, finished_at = $3, error = $4,"
                " lease_owner = NULL, lease_until = NULL WHERE sync_id = $1",
                sync_id,
                state,
                now,
                error.model_dump_json() if error else None,
            )

    async def pause(self, sync_id: str, resume_at: dt.datetime, progress: JobProgress) -> None:
        """Release the job until ``resume_at``."""
        await self.pool.execute(
            "UPDATE sync_jobs SET state = 'paused', not_before = $2, progress = $3,"
            " lease_owner = NULL, lease_until = NULL WHERE sync_id = $1",
            sync_id,
            resume_at,
            progress.model_dump_json(),
        )

    async def release(self) -> None:
        """Give up this owner's leases (on shutdown) so another replica resumes at once."""
        await self.pool.execute(
            "UPDATE sync_jobs SET lease_owner = NULL, lease_until = NULL"
            " WHERE lease_owner = $1 AND state = 'running'",
            self.owner,
        )

    async def cursors(self, administration_id: str) -> dict[str, str]:
        """The committed cursors of an administration by stream name."""
        rows = await self.pool.fetch(
            "SELECT stream, cursor FROM cursors WHERE administration_id = $1", administration_id
        )
        return {r["stream"]: r["cursor"] for r in rows}

    async def state_of(self, sync_id: str) -> str | None:
        """A job's state, for tests and the API."""
        value = await self.pool.fetchval("SELECT state FROM sync_jobs WHERE sync_id = $1", sync_id)
        return None if value is None else str(value)
