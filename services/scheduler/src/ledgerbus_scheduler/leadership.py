"""Leader election: a PostgreSQL session advisory lock held on a dedicated connection.

The lock belongs to the session, so when the leader's process dies PostgreSQL drops its
connection and the lock with it; a standby that tries every few seconds takes over.
The key is scoped to the schema, so environments (or tests) sharing one database each
have their own leader.
"""

from __future__ import annotations

import contextlib
import logging

import asyncpg
from asyncpg.pool import PoolConnectionProxy

log = logging.getLogger(__name__)
LEADER_LOCK_CLASS = 0x5C4ED01E  # the first half of the scheduling leader's lock key


class Leadership:
    """``try_lead()`` becomes or stays leader; ``resign()`` lets go."""

    def __init__(self, pool: asyncpg.Pool) -> None:
        self.pool = pool
        self.is_leader = False
        self._conn: PoolConnectionProxy | None = None

    async def try_lead(self) -> bool:
        """Whether this replica leads now (checking that the lock's session is alive)."""
        if self._conn is not None:
            try:
                await self._conn.fetchval("SELECT 1")
                return True
            except Exception:
                log.warning("lost the scheduling lock's connection; standing for leader again")
                await self.resign()
        conn = await self.pool.acquire()
        try:
            won = await conn.fetchval(
                "SELECT pg_try_advisory_lock($1, hashtext(current_schema()))", LEADER_LOCK_CLASS
            )
        except BaseException:
            await self.pool.release(conn)
            raise
        if won:
            self._conn, self.is_leader = conn, True
            log.info("this replica now schedules")
            return True
        await self.pool.release(conn)
        return False

    async def resign(self) -> None:
        """Release the lock (if its session still lives) and the connection."""
        conn, self._conn, self.is_leader = self._conn, None, False
        if conn is None:
            return
        with contextlib.suppress(Exception):
            await conn.execute(
                "SELECT pg_advisory_unlock($1, hashtext(current_schema()))", LEADER_LOCK_CLASS
            )
        with contextlib.suppress(Exception):
            await self.pool.release(conn)

    def backend_pid(self) -> int | None:
        """The PostgreSQL backend holding the lock (for operators and tests)."""
        return None if self._conn is None else self._conn.get_server_pid()
