"""Events on ``sync.status``: where each sync stands.

Connectors publish started, progressed, paused and failed; the ledger-store
publishes completed and needs-attention once it has applied a sync's changes.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field

from ledgerbus_contracts.capabilities import Package
from ledgerbus_contracts.commands import SyncMode, SyncTrigger
from ledgerbus_contracts.entities import EntityType
from ledgerbus_contracts.message import AdministrationMessage
from ledgerbus_contracts.topics import SYNC_STATUS


class SyncState(StrEnum):
    """The states a sync (and an entity type within it) can be in."""

    QUEUED = "queued"
    RUNNING = "running"
    WAITING_FOR_RATE_LIMIT = "waiting_for_rate_limit"
    NEEDS_ATTENTION = "needs_attention"
    FAILED = "failed"
    SUCCEEDED = "succeeded"


class ErrorKind(StrEnum):
    """What kind of failure, which decides retry, pause or fail and what a person must do."""

    TRANSIENT = "transient"
    RATE_LIMITED = "rate_limited"
    AUTH = "auth"
    REAUTHORIZATION_REQUIRED = "reauthorization_required"
    CONFIGURATION = "configuration"
    BUG = "bug"


class SyncError(BaseModel):
    """A failure, with a message a person can act on (never a secret)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: ErrorKind
    message: str
    entity_type: EntityType | None = None


class SyncStatusEvent(AdministrationMessage):
    """Fields every sync status event carries."""

    topic: ClassVar[str] = SYNC_STATUS

    sync_id: str
    tenant_id: str
    package: Package
    at: dt.datetime


class SyncStarted(SyncStatusEvent):
    """A connector started working on a sync."""

    event_type: ClassVar[str] = "ledgerbus.sync.started.v1"

    mode: SyncMode
    trigger: SyncTrigger
    entity_types: tuple[EntityType, ...]


class SyncProgressed(SyncStatusEvent):
    """Records read so far for one entity type, and the expected total where known."""

    event_type: ClassVar[str] = "ledgerbus.sync.progressed.v1"

    entity_type: EntityType
    records: int = Field(ge=0)
    expected: int | None = Field(default=None, ge=0)


class SyncPaused(SyncStatusEvent):
    """The sync waits for the package's rate limit and resumes by itself."""

    event_type: ClassVar[str] = "ledgerbus.sync.paused.v1"

    resume_at: dt.datetime
    reason: str


class SyncFailed(SyncStatusEvent):
    """The sync ended without completing."""

    event_type: ClassVar[str] = "ledgerbus.sync.failed.v1"

    error: SyncError


class SyncCompleted(SyncStatusEvent):
    """The ledger-store applied every change of the sync."""

    event_type: ClassVar[str] = "ledgerbus.sync.completed.v1"

    mode: SyncMode
    applied: dict[EntityType, int]
    deleted: dict[EntityType, int]
    duration_seconds: float = Field(ge=0)


class SyncNeedsAttention(SyncStatusEvent):
    """The sync finished but an operator must decide something (e.g. held deletions)."""

    event_type: ClassVar[str] = "ledgerbus.sync.needs-attention.v1"

    reason: str
    held_deletions: dict[EntityType, int] = Field(default_factory=dict)
