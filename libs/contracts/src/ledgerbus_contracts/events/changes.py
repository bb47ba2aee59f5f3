"""Events on ``ledger.changes``: entity upserts and deletes, framed per sync.

A connector frames every sync with :class:`SyncChangesStarted` and
:class:`SyncChangesEnded`. In full mode the frame is a snapshot: the end marker
carries the number of records and pages per entity type, so the ledger-store can
tell a complete snapshot from a cut-off one before it reconciles deletes.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field

from ledgerbus_contracts.capabilities import Package
from ledgerbus_contracts.commands import DossierChanges, SyncMode, SyncScope, SyncTrigger
from ledgerbus_contracts.entities import Entity, EntityType
from ledgerbus_contracts.message import AdministrationMessage
from ledgerbus_contracts.topics import LEDGER_CHANGES


class SyncChangesStarted(AdministrationMessage):
    """A sync begins publishing changes (in full mode: a snapshot begins)."""

    event_type: ClassVar[str] = "ledgerbus.changes.started.v1"
    topic: ClassVar[str] = LEDGER_CHANGES

    sync_id: str
    mode: SyncMode
    entity_types: tuple[EntityType, ...]
    started_at: dt.datetime
    tenant_id: str | None = None
    package: Package | None = None
    trigger: SyncTrigger | None = None
    dossier: DossierChanges | None = Field(
        default=None, description="Dossier fields that take effect when this sync succeeds"
    )
    scope: SyncScope = Field(
        default_factory=SyncScope,
        description="The date range the sync read (a full snapshot frames only this range)",
    )

    def default_id(self) -> str:
        """One start marker per sync."""
        return f"{self.sync_id}:started"


class EntitiesUpserted(AdministrationMessage):
    """One page of new or changed records of one entity type.

    ``page_seq`` numbers the pages of an entity type within a sync from 0, so a
    republished page is recognised and gaps are visible.
    """

    event_type: ClassVar[str] = "ledgerbus.entities.upserted.v1"
    topic: ClassVar[str] = LEDGER_CHANGES

    sync_id: str
    entity_type: EntityType
    page_seq: int = Field(ge=0)
    records: list[Entity]

    def default_id(self) -> str:
        """One id per page of a sync."""
        return f"{self.sync_id}:{self.entity_type}:upsert:{self.page_seq}"


class DeletedRecord(BaseModel):
    """A record the package reported as deleted."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    source_id: str
    source_version: int = Field(ge=0)


class EntitiesDeleted(AdministrationMessage):
    """Records the package reported as deleted (incremental deletes)."""

    event_type: ClassVar[str] = "ledgerbus.entities.deleted.v1"
    topic: ClassVar[str] = LEDGER_CHANGES

    sync_id: str
    entity_type: EntityType
    page_seq: int = Field(ge=0)
    deletions: list[DeletedRecord]

    def default_id(self) -> str:
        """One id per page of deletions of a sync."""
        return f"{self.sync_id}:{self.entity_type}:delete:{self.page_seq}"


class EntityTypeTotals(BaseModel):
    """What a connector published for one entity type within a sync."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    records: int = Field(ge=0)
    pages: int = Field(ge=0)
    deletions: int = Field(default=0, ge=0)


class SyncChangesEnded(AdministrationMessage):
    """A sync published all its changes; in full mode the snapshot is complete."""

    event_type: ClassVar[str] = "ledgerbus.changes.ended.v1"
    topic: ClassVar[str] = LEDGER_CHANGES

    sync_id: str
    mode: SyncMode
    totals: dict[EntityType, EntityTypeTotals]
    started_at: dt.datetime
    ended_at: dt.datetime

    def default_id(self) -> str:
        """One end marker per sync."""
        return f"{self.sync_id}:ended"
