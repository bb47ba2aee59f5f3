"""Manual sync requests: validation against the capability matrix, and equivalence."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field, StrictBool

from ledgerbus_contracts import (
    DATED_ENTITY_TYPES,
    DossierChanges,
    EntityType,
    Package,
    RequestSync,
    SyncMode,
    SyncTrigger,
    supported_entity_types,
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
    since: SafeDate | None = Field(
        default=None,
        description="Incremental only: re-read the dated records (transaction lines) from"
        " this date on, bounded by the administration's sync_from; not in the future",
    )
    replace: StrictBool = Field(
        default=False,
        description="Full only: replace the mirror with the package's contents; what the"
        " snapshot lacks is deleted even beyond the mass-deletion guard",
    )
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


def requester(tenant_id: str | None) -> str:
    """Who asked, as a sync run records it: the operator, or the tenant of the token."""
    return "operator" if tenant_id is None else f"tenant {tenant_id}"


def local_today(administration: dict[str, Any], now: dt.datetime) -> dt.date:
    """Today in the administration's timezone."""
    return now.astimezone(ZoneInfo(administration.get("timezone") or "UTC")).date()


def future_sync_from(sync_from: dt.date | None, today: dt.date) -> str | None:
    """What is wrong with a ``sync_from`` in the future, or None."""
    if sync_from is not None and sync_from > today:
        return f"sync_from {sync_from} is in the future (today is {today})"
    return None


def refused_scope(body: SyncRequestBody, today: dt.date) -> tuple[str, str] | None:
    """(the field, what is wrong) when ``since`` or ``replace`` do not fit the request."""
    if body.since is not None and body.mode is not SyncMode.INCREMENTAL:
        return "since", "since re-reads changes in an incremental sync; a full sync reads all"
    if body.since is not None and body.since > today:
        return "since", f"since {body.since} is in the future (today is {today})"
    if body.replace and body.mode is not SyncMode.FULL:
        return "replace", "replace needs a full sync (mode: full)"
    return None


def sync_from_moved(
    before: dict[str, Any], after: dict[str, Any], now: dt.datetime, requested_by: str
) -> RequestSync | None:
    """The one full sync of the dated types that a moved ``sync_from`` needs, if it moved.

    Earlier: it backfills the range now inside. Later: its snapshot of the new range
    trims the records now before it (the ledger-store soft-deletes them with a reason).
    """
    if before.get("sync_from") == after.get("sync_from"):
        return None
    package = Package(after["package"])
    dated = sorted(str(t) for t in DATED_ENTITY_TYPES & supported_entity_types(package))
    if not dated:
        return None
    body = SyncRequestBody(mode=SyncMode.FULL, entity_types=dated)
    return build_request(after, body, now, SyncTrigger.SYNC_FROM_CHANGED, requested_by=requested_by)


def build_request(
    administration: dict[str, Any],
    body: SyncRequestBody,
    now: dt.datetime,
    trigger: SyncTrigger = SyncTrigger.MANUAL,
    sync_id: str | None = None,
    requested_by: str | None = None,
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
        replace=body.replace,
        requested_by=requested_by,
        requested_at=now,
        dossier=body.dossier(),
    )
