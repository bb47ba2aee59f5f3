"""ledgerbus contracts: every command and event, topics, entities and the Kafka binding.

Depends on pydantic only. Turning an event into a Kafka message and back is a pure
function (:func:`to_kafka`, :func:`from_kafka`) that works with any Kafka client.
"""

from ledgerbus_contracts.capabilities import (
    CAPABILITIES,
    Package,
    supported_entity_types,
    unsupported_entity_types,
)
from ledgerbus_contracts.commands import (
    DATED_ENTITY_TYPES,
    DossierChanges,
    RequestSync,
    SyncMode,
    SyncScope,
    SyncTrigger,
)
from ledgerbus_contracts.entities import ENTITY_MODELS, Entity, EntityBase, EntityType
from ledgerbus_contracts.envelope import Envelope
from ledgerbus_contracts.events.changes import (
    DeletedRecord,
    EntitiesDeleted,
    EntitiesUpserted,
    EntityTypeTotals,
    SyncChangesEnded,
    SyncChangesStarted,
)
from ledgerbus_contracts.events.dossier import DossierUpdated
from ledgerbus_contracts.events.status import (
    ErrorKind,
    SyncCompleted,
    SyncError,
    SyncFailed,
    SyncNeedsAttention,
    SyncPaused,
    SyncProgressed,
    SyncStarted,
    SyncState,
    SyncStatusEvent,
)
from ledgerbus_contracts.events.versions import ConnectorVersionAnnounced
from ledgerbus_contracts.kafka import InvalidMessage, KafkaMessage, from_kafka, to_kafka
from ledgerbus_contracts.message import AdministrationMessage, Message
from ledgerbus_contracts.packages import (
    DemoAdministration,
    PackageDeclaration,
    UnknownPackageError,
    declared_packages,
)
from ledgerbus_contracts.registry import MESSAGE_CLASSES, MESSAGE_TYPES
from ledgerbus_contracts.requests import sync_request_message
from ledgerbus_contracts.topics import Topics

__all__ = [
    "CAPABILITIES",
    "DATED_ENTITY_TYPES",
    "ENTITY_MODELS",
    "MESSAGE_CLASSES",
    "MESSAGE_TYPES",
    "AdministrationMessage",
    "ConnectorVersionAnnounced",
    "DeletedRecord",
    "DemoAdministration",
    "DossierChanges",
    "DossierUpdated",
    "EntitiesDeleted",
    "EntitiesUpserted",
    "Entity",
    "EntityBase",
    "EntityType",
    "EntityTypeTotals",
    "Envelope",
    "ErrorKind",
    "InvalidMessage",
    "KafkaMessage",
    "Message",
    "Package",
    "PackageDeclaration",
    "RequestSync",
    "SyncChangesEnded",
    "SyncChangesStarted",
    "SyncCompleted",
    "SyncError",
    "SyncFailed",
    "SyncMode",
    "SyncNeedsAttention",
    "SyncPaused",
    "SyncProgressed",
    "SyncScope",
    "SyncStarted",
    "SyncState",
    "SyncStatusEvent",
    "SyncTrigger",
    "Topics",
    "UnknownPackageError",
    "declared_packages",
    "from_kafka",
    "supported_entity_types",
    "sync_request_message",
    "to_kafka",
    "unsupported_entity_types",
]
