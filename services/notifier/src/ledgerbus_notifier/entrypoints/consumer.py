"""Kafka entrypoint: sync status, dossier updates and failed postings become notifications.

The handler records every notification of a batch in one transaction before the
consumer commits its offsets, so a crash redelivers the batch and the deterministic
ids turn the redelivery into nothing new.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

import asyncpg

from ledgerbus_contracts import DossierUpdated, SyncFailed, SyncNeedsAttention, SyncStarted
from ledgerbus_contracts.postings import PostingFailed
from ledgerbus_notifier.adapters import scopes
from ledgerbus_notifier.core.config import Settings
from ledgerbus_notifier.queueing import queue
from ledgerbus_servicekit import Clock, Delivery
from ledgerbus_servicekit.kafka.consumer import Handler
from ledgerbus_servicekit.telemetry import consumer_span, sync_attributes

log = logging.getLogger(__name__)

NOTIFIABLE = (SyncFailed, SyncNeedsAttention, DossierUpdated, PostingFailed)


def notification_handler(
    pool: asyncpg.Pool, clock: Clock, settings: Settings, wake: Callable[[], None]
) -> Handler:
    """The consumer's handler; ``wake`` tells the delivery worker there is new mail."""

    async def handle(batch: Sequence[Delivery]) -> None:
        new = 0
        async with pool.acquire() as conn, conn.transaction():
            for delivery in batch:
                message = delivery.message
                with consumer_span(
                    f"notify {delivery.envelope.type}",
                    delivery.envelope.traceparent,
                    delivery,
                    **sync_attributes(message),
                ):
                    if isinstance(message, SyncStarted):
                        await scopes.remember(conn, message, clock.now())
                    elif isinstance(message, NOTIFIABLE):
                        new += await queue(conn, message, clock.now(), settings)
        if new:
            log.info("queued %d notifications", new)
            wake()

    return handle
