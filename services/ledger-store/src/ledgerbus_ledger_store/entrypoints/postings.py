"""Follows ``posting.status``: records what the connector reported of each posting."""

from __future__ import annotations

from collections.abc import Sequence

import asyncpg

from ledgerbus_contracts.postings import PostingFailed, PostingSucceeded
from ledgerbus_ledger_store.adapters import postings
from ledgerbus_servicekit import Delivery


class PostingOutcomes:
    """A consumer handler: a success or failure is recorded once, however often it arrives.

    A success counts on the dossier's booking-proposal counter, once.
    """

    def __init__(self, pool: asyncpg.Pool) -> None:
        self.pool = pool

    async def __call__(self, batch: Sequence[Delivery]) -> None:
        async with self.pool.acquire() as conn, conn.transaction():
            for delivery in batch:
                event = delivery.message
                if isinstance(event, PostingSucceeded):
                    await postings.succeeded(conn, event)
                elif isinstance(event, PostingFailed):
                    await postings.failed(conn, event)
