"""Dossier changes: what a change does to the dossier, and the event it produces."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ledgerbus_contracts import DossierChanges, DossierUpdated


def apply_changes(current: dict[str, Any], changes: DossierChanges) -> dict[str, Any]:
    """The dossier after the changes (fields left out stay as they were).

    A new active period closes every earlier period: the dossier records only the
    active one, and ``closed_until`` is derived from it.
    """
    updated = dict(current)
    if changes.bookkeeping_updated_until is not None:
        updated["bookkeeping_updated_until"] = changes.bookkeeping_updated_until
    if changes.active_period is not None:
        updated["active_period"] = changes.active_period
    if changes.reset_booking_proposal_counter:
        updated["booking_proposal_counter"] = 0
    return updated


def closed_until(active_period: str | None) -> str | None:
    """The last closed period: the one before the active period (``YYYY-PP``)."""
    if active_period is None:
        return None
    year, period = (int(p) for p in active_period.split("-"))
    if period > 1:
        return f"{year}-{period - 1:02d}"
    return f"{year - 1}-12"


def update_event(
    administration_id: str,
    tenant_id: str,
    dossier: dict[str, Any],
    changes: DossierChanges,
    update_id: str,
    at: dt.datetime,
    sync_id: str | None = None,
) -> DossierUpdated:
    """The ``dossier.updates`` event of one change."""
    return DossierUpdated(
        administration_id=administration_id,
        update_id=update_id,
        tenant_id=tenant_id,
        bookkeeping_updated_until=dossier.get("bookkeeping_updated_until"),
        active_period=dossier.get("active_period"),
        booking_proposal_counter_reset=changes.reset_booking_proposal_counter,
        notify_client=changes.notify_client,
        sync_id=sync_id,
        at=at,
    )
