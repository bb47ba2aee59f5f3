"""Kafka entrypoint: sync status and dossier updates become notifications."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from ledgerbus_contracts import DossierUpdated, SyncFailed, SyncNeedsAttention
from ledgerbus_servicekit import Delivery
from ledgerbus_servicekit.telemetry import consumer_span

log = logging.getLogger(__name__)

NOTIFIABLE = (SyncFailed, SyncNeedsAttention, DossierUpdated)


async def handle(batch: Sequence[Delivery]) -> None:
    for delivery in batch:
        if isinstance(delivery.message, NOTIFIABLE):
            with consumer_span(f"notify {delivery.envelope.type}", delivery.envelope.traceparent):
                log.info("would notify about %s", delivery.envelope.type)
