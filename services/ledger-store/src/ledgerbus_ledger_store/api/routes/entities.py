"""Reading the mirror: one entity type of one administration, page by page."""

from __future__ import annotations

import base64
import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query
from pydantic import BaseModel

from ledgerbus_contracts import EntityType
from ledgerbus_ledger_store.adapters import entities
from ledgerbus_ledger_store.api.deps import AdministrationDep, ConnectionDep

router = APIRouter(prefix="/administrations", tags=["ledger"])


class EntityPage(BaseModel):
    items: list[dict[str, Any]]
    next_page_token: str | None


@router.get("/{administration_id}/entities/{entity_type}")
async def list_entities(
    administration_id: AdministrationDep,
    entity_type: str,
    conn: ConnectionDep,
    limit: Annotated[int, Query(ge=1, le=5000)] = 500,
    page_token: str | None = None,
    include_deleted: bool = False,
    modified_since: dt.datetime | None = None,
) -> EntityPage:
    """Records in source id order; pass ``next_page_token`` back for the next page."""
    if entity_type not in {str(t) for t in EntityType}:
        known = ", ".join(str(t) for t in EntityType)
        raise HTTPException(422, f"unknown entity type {entity_type!r}; known types: {known}")
    after = _decode(page_token) if page_token else None
    rows = await entities.list_entities(
        conn,
        administration_id,
        EntityType(entity_type),
        after=after,
        limit=limit + 1,
        include_deleted=include_deleted,
        modified_since=modified_since,
    )
    more = len(rows) > limit
    rows = rows[:limit]
    token = _encode(rows[-1]["source_id"]) if more else None
    return EntityPage(items=rows, next_page_token=token)


def _encode(source_id: str) -> str:
    return base64.urlsafe_b64encode(source_id.encode()).decode()


def _decode(token: str) -> str:
    try:
        return base64.urlsafe_b64decode(token.encode()).decode()
    except (ValueError, UnicodeDecodeError) as exc:
        raise HTTPException(422, "page_token is not a token this API gave out") from exc
