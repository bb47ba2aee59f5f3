"""Manual sync requests: validation against the capability matrix, and equivalence."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StrictBool

from ledgerbus_contracts import (
    DossierChanges,
    EntityType,
    Package,
    RequestSync,
    SyncMode,
    SyncTrigger,
    unsupported_entity_types,
)
from ledgerbus_servicekit.inputs import SafeDate


class SyncRequestBody(BaseModel):
    """What an operator or service asks for (booleans are JSON booleans, dates YYYY-MM-DD)."""

    model_config = ConfigDict(extra="forbid")

    mode: SyncMode = SyncMode.INCREMENTAL
    entity_types: list[Annotated[str, Field(max_length=100)]] = Field(
        default_factory=list, max_length=50
    )
    since: SafeDate | None = None
    bookkeeping_updated_until: SafeDate | None = None
    reset_booking_proposal_counter: StrictBool = False
    active_period: str | None = Field(default=None, pattern=r"^\d{4}-(0[1-9]|1[0-3])$")
    notify_client: StrictBool = False

    def dossier(self) -> DossierChanges | None:
        changes = DossierChanges(
            bookkeeping_updated_until=self.bookkeeping_updated_until,
            reset_booking_proposal_counter=self.reset_booking_proposal_counter,
            active_period=self.active_period,
            notify_client=self.notify_client,
        )
        return None if changes == DossierChanges() else changes


def refused_entity_types(package: Package, requested: list[str]) -> str | None:
    """A message naming what is wrong with the requested types, or None when all is well."""
    unknown = [t for t in requested if t not in {str(e) for e in EntityType}]
    if unknown:
        return f"unknown entity types: {', '.join(unknown)}"
    unsupported = unsupported_entity_types(package, requested)
    if unsupported:
        return f"{package} does not support entity types: {', '.join(unsupported)}"
    return None


def build_request(
    administration: dict[str, Any],
    body: SyncRequestBody,
    now: dt.datetime,
    trigger: SyncTrigger = SyncTrigger.MANUAL,
    sync_id: str | None = None,
) -> RequestSync:
    """The command for one administration."""
    return RequestSync(
        administration_id=administration["id"],
        sync_id=sync_id or f"{trigger}-{uuid.uuid4().hex}",
        tenant_id=administration["tenant_id"],
        package=Package(administration["package"]),
        external_id=administration["external_id"],
        connection_id=administration["connection_id"],
        mode=body.mode,
        trigger=trigger,
        entity_types=tuple(EntityType(t) for t in sorted(set(body.entity_types))),
        since=body.since,
        sync_from=administration["sync_from"],
        requested_at=now,
        dossier=body.dossier(),
    )
