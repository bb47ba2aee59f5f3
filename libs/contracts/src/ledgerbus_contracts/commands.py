"""Commands: imperative requests that exactly one service handles."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field

from ledgerbus_contracts.capabilities import Package
from ledgerbus_contracts.entities import EntityType
from ledgerbus_contracts.message import AdministrationMessage
from ledgerbus_contracts.topics import SYNC_REQUESTS


class SyncMode(StrEnum):
    """Incremental reads changes since the cursor; full reads a complete snapshot."""

    INCREMENTAL = "incremental"
    FULL = "full"


class SyncTrigger(StrEnum):
    """Why a sync was requested."""

    NIGHTLY = "nightly"
    MONTHLY_FULL = "monthly-full"
    MANUAL = "manual"
    CONNECTOR_UPGRADE = "connector-upgrade"
    POSTING = "posting"
    SYNC_FROM_CHANGED = "sync-from-changed"


DATED_ENTITY_TYPES: frozenset[EntityType] = frozenset({EntityType.TRANSACTION_LINE})
"""Entity types whose records carry a date that ``sync_from`` bounds; the rest is master data."""


class SyncScope(BaseModel):
    """What a sync was asked to cover: the date range of its dated entity types.

    ``sync_from`` bounds a full snapshot of ``dated`` types: records dated before it are
    outside the snapshot, never missing from it. ``since`` is a manual incremental's
    re-read date. ``replace`` lifts the mass-deletion guard for this snapshot.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    sync_from: dt.date | None = None
    since: dt.date | None = None
    dated: tuple[EntityType, ...] = ()
    replace: bool = False
    requested_by: str | None = None


class DossierChanges(BaseModel):
    """Dossier fields that a manual sync sets once it completes successfully."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    bookkeeping_updated_until: dt.date | None = None
    reset_booking_proposal_counter: bool = False
    active_period: str | None = Field(
        default=None,
        pattern=r"^\d{4}-(0[1-9]|1[0-3])$",
        description="YYYY-PP, periods 01-13 (13: year-end entries)",
    )
    notify_client: bool = False


class RequestSync(AdministrationMessage):
    """Sync one administration (the ``SyncRequested`` command on ``sync.requests``).

    ``entity_types`` empty means every type the package supports. ``sync_from`` is the
    administration's setting: dated records (:data:`DATED_ENTITY_TYPES`) before it are
    neither read nor mirrored; master data is always read whole. ``since`` makes an
    incremental sync re-read the dated records from that date on (never before
    ``sync_from``). ``replace`` (manual full syncs only) deletes whatever the snapshot
    lacks even beyond the mass-deletion guard; ``requested_by`` names who asked.
    """

    event_type: ClassVar[str] = "ledgerbus.sync.requested.v1"
    topic: ClassVar[str] = SYNC_REQUESTS

    sync_id: str = Field(min_length=1, max_length=200)
    tenant_id: str
    package: Package
    external_id: str = Field(description="The package's division / office / administration")
    connection_id: str | None = None
    mode: SyncMode
    trigger: SyncTrigger
    entity_types: tuple[EntityType, ...] = ()
    since: dt.date | None = None
    sync_from: dt.date | None = None
    replace: bool = False
    requested_by: str | None = Field(default=None, max_length=200)
    requested_at: dt.datetime
    dossier: DossierChanges | None = None

    def read_from(self) -> dt.date | None:
        """The first date of dated records this sync reads: ``since`` bounded by ``sync_from``."""
        if self.since is not None and self.mode is SyncMode.INCREMENTAL:
            return self.since if self.sync_from is None else max(self.since, self.sync_from)
        return self.sync_from

    def default_id(self) -> str:
        """The sync id: requesting the same sync twice is the same event."""
        return self.sync_id
