"""Every message type of the contract, by CloudEvents type and by topic."""

from __future__ import annotations

from ledgerbus_contracts.commands import RequestSync
from ledgerbus_contracts.events.changes import (
    EntitiesDeleted,
    EntitiesUpserted,
    SyncChangesEnded,
    SyncChangesStarted,
)
from ledgerbus_contracts.events.dossier import DossierUpdated
from ledgerbus_contracts.events.status import (
    SyncCompleted,
    SyncFailed,
    SyncNeedsAttention,
    SyncPaused,
    SyncProgressed,
    SyncStarted,
)
from ledgerbus_contracts.events.versions import ConnectorVersionAnnounced
from ledgerbus_contracts.message import Message
from ledgerbus_contracts.postings import PostEntries, PostingFailed, PostingSucceeded

MESSAGE_CLASSES: tuple[type[Message], ...] = (
    RequestSync,
    SyncChangesStarted,
    EntitiesUpserted,
    EntitiesDeleted,
    SyncChangesEnded,
    SyncStarted,
    SyncProgressed,
    SyncPaused,
    SyncFailed,
    SyncCompleted,
    SyncNeedsAttention,
    DossierUpdated,
    ConnectorVersionAnnounced,
    PostEntries,
    PostingSucceeded,
    PostingFailed,
)
"""Every command and event of the contract."""

MESSAGE_TYPES: dict[str, type[Message]] = {cls.event_type: cls for cls in MESSAGE_CLASSES}
"""Message classes by CloudEvents type."""


def messages_on(topic: str) -> list[type[Message]]:
    """The message classes that travel on a logical topic."""
    return [cls for cls in MESSAGE_CLASSES if cls.topic == topic]
