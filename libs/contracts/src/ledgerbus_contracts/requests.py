"""A small typed helper for services that request syncs on ``sync.requests`` themselves."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence

from ledgerbus_contracts.capabilities import Package, unsupported_entity_types
from ledgerbus_contracts.commands import DossierChanges, RequestSync, SyncMode, SyncTrigger
from ledgerbus_contracts.entities import EntityType
from ledgerbus_contracts.envelope import Envelope
from ledgerbus_contracts.kafka import KafkaMessage, to_kafka
from ledgerbus_contracts.message import Message


def sync_request_message(
    *,
    administration_id: str,
    tenant_id: str,
    package: Package | str,
    external_id: str,
    source: str,
    mode: SyncMode | str = SyncMode.INCREMENTAL,
    trigger: SyncTrigger | str = SyncTrigger.POSTING,
    entity_types: Sequence[EntityType | str] = (),
    connection_id: str | None = None,
    since: dt.date | None = None,
    dossier: DossierChanges | None = None,
    sync_id: str | None = None,
    now: dt.datetime | None = None,
) -> KafkaMessage:
    """Build the Kafka message that requests a sync; send it to ``Topics().sync_requests``.

    Raises ``ValueError`` naming any entity type the package does not support.
    """
    types = tuple(EntityType(t) for t in entity_types)
    unsupported = unsupported_entity_types(package, list(types))
    if unsupported:
        raise ValueError(f"{package} does not support entity types: {', '.join(unsupported)}")
    command = RequestSync(
        administration_id=administration_id,
        sync_id=sync_id or f"sync-{uuid.uuid4()}",
        tenant_id=tenant_id,
        package=Package(package),
        external_id=external_id,
        connection_id=connection_id,
        mode=SyncMode(mode),
        trigger=SyncTrigger(trigger),
        entity_types=types,
        since=since,
        dossier=dossier,
        requested_at=now or dt.datetime.now(dt.UTC),
    )
    envelope: Envelope[Message] = Envelope(data=command, source=source)
    return to_kafka(envelope)
