"""The sent-log over HTTP: what was sent, to whom, when, and how delivery went."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from ledgerbus_notifier.adapters import history
from ledgerbus_notifier.api.deps import ConnectionDep
from ledgerbus_servicekit import PrincipalDep
from ledgerbus_servicekit.inputs import IdQuery, SafeDatetime

router = APIRouter(prefix="/notifications", tags=["notifications"])


@router.get("")
async def list_notifications(
    conn: ConnectionDep,
    principal: PrincipalDep,
    administration_id: IdQuery = None,
    since: SafeDatetime | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[dict[str, Any]]:
    """Notifications newest first; a tenant token sees only its tenant's.

    ``state`` is pending, sending, sent, failed (with ``last_error``), held (waiting for
    a storm digest), digested (sent in digest ``digest_id``) or skipped (no recipients).
    """
    return await history.search(
        conn,
        tenant_id=principal.tenant_id,
        administration_id=administration_id,
        since=since,
        limit=limit,
    )
