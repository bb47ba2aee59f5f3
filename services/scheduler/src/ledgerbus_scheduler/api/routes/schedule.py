"""What the scheduler will do on a given night, for operators."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from ledgerbus_scheduler.adapters import schedule
from ledgerbus_scheduler.api.deps import ConnectionDep
from ledgerbus_scheduler.domain.planning import Window, plan_night
from ledgerbus_servicekit import PrincipalDep
from ledgerbus_servicekit.inputs import IdQuery, SafeDate

router = APIRouter(prefix="/schedule", tags=["schedule"])


@router.get("")
async def night_schedule(
    date: SafeDate,
    conn: ConnectionDep,
    principal: PrincipalDep,
    limit: Annotated[int, Query(ge=1, le=10_000)] = 1000,
    after: IdQuery = None,
) -> dict[str, Any]:
    """Per administration (in id order, paged with ``after``): when, and full or incremental.

    A tenant token sees only its tenant's administrations; the operator sees all.
    """
    rows = await schedule.enabled_windows(conn, limit, after, principal.tenant_id)
    runs = []
    for row in rows:
        plan = plan_night(
            row["id"],
            Window(row["timezone"], row["window_start"], row["window_end"]),
            date,
            row["upgrade_full_on"],
        )
        runs.append(
            {
                "administration_id": row["id"],
                "at": plan.at,
                "mode": plan.mode,
                "trigger": plan.trigger,
                "sync_id": plan.sync_id,
            }
        )
    runs.sort(key=lambda r: r["at"])
    return {
        "date": date,
        "full": sum(1 for r in runs if r["mode"] == "full"),
        "runs": runs,
        "next_after": rows[-1]["id"] if len(rows) == limit else None,
    }
