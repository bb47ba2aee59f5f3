"""Views of sync runs for the monitor: per run, and per entity type of an administration."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ledgerbus_ledger_store.domain.syncs import duration_seconds, eta, percent


def sync_view(row: dict[str, Any]) -> dict[str, Any]:
    """A sync run as the API shows it."""
    return {
        "sync_id": row["sync_id"],
        "administration_id": row["administration_id"],
        "tenant_id": row["tenant_id"],
        "package": row["package"],
        "mode": row["mode"],
        "trigger": row["trigger"],
        "entity_types": row["entity_types"],
        "state": row["state"],
        "started_at": row["started_at"],
        "finished_at": row["finished_at"],
        "duration_seconds": duration_seconds(row["started_at"], row["finished_at"]),
        "applied": row["applied"],
        "deleted": row["deleted"],
        "progress": row["progress"],
        "errors": row["errors"],
        "resume_at": row["resume_at"],
        "scope": row["scope"],
        "trimmed": row["trimmed"],
        "replaced": row["replaced"],
    }


def entity_type_status(rows: list[dict[str, Any]], now: dt.datetime) -> dict[str, Any]:
    """Per entity type, from an administration's syncs (newest first)."""
    types = sorted({t for r in rows for t in r["entity_types"]})
    out: dict[str, Any] = {}
    for entity_type in types:
        mine = [r for r in rows if entity_type in r["entity_types"]]
        latest = mine[0]
        success = next((r for r in mine if r["state"] == "succeeded"), None)
        last_duration = (
            duration_seconds(success["started_at"], success["finished_at"]) if (success) else None
        )
        failure = next((r for r in mine if r["errors"]), None)
        progress = latest["progress"].get(entity_type, {})
        running = latest["state"] in ("running", "queued", "waiting_for_rate_limit")
        records = int(progress.get("records") or latest["applied"].get(entity_type, 0))
        expected = progress.get("expected")
        out[entity_type] = {
            "state": latest["state"] if running or latest["state"] != "succeeded" else "idle",
            "current_sync_id": latest["sync_id"] if running else None,
            "last_synced_at": success["finished_at"] if success else None,
            "last_duration_seconds": last_duration,
            "last_sync_id": success["sync_id"] if success else None,
            "progress": {
                "records": records,
                "expected": expected,
                "percent": percent(records, expected),
            }
            if running
            else None,
            "eta": eta(latest["started_at"], last_duration, now) if running else None,
            "resume_at": latest["resume_at"]
            if latest["state"] == "waiting_for_rate_limit"
            else None,
            "last_error": failure["errors"][-1] if failure else None,
        }
    return out
