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

    ``entity_types`` empty means every type the package supports. ``since`` limits an
    incremental sync to changes from that date; ``sync_from`` is the administration's
    setting to ignore data before that date.
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
    requested_at: dt.datetime
    dossier: DossierChanges | None = None

    def default_id(self) -> str:
        """The sync id: requesting the same sync twice is the same event."""
        return self.sync_id
