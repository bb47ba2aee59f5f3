"""Reading the mirror: one entity type of one administration, page by page."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel

from ledgerbus_contracts import EntityType
from ledgerbus_ledger_store.adapters import entities
from ledgerbus_ledger_store.api.deps import AdministrationDep, ConnectionDep
from ledgerbus_servicekit.errors import error_responses
from ledgerbus_servicekit.inputs import SafeDatetime
from ledgerbus_servicekit.paging import decode_page_token, encode_page_token

router = APIRouter(prefix="/administrations", tags=["ledger"])


class EntityPage(BaseModel):
    items: list[dict[str, Any]]
    next_page_token: str | None


@router.get("/{administration_id}/entities/{entity_type}", responses=error_responses(400, 404))
async def list_entities(
    administration_id: AdministrationDep,
    entity_type: EntityType,
    conn: ConnectionDep,
    limit: Annotated[int, Query(ge=1, le=5000)] = 500,
    page_token: Annotated[
        str | None, Query(description="A next_page_token this API gave out; 400 otherwise")
    ] = None,
    include_deleted: bool = False,
    modified_since: SafeDatetime | None = None,
) -> EntityPage:
    """Records in source id order; pass ``next_page_token`` back for the next page."""
    after = decode_page_token(page_token) if page_token is not None else None
    rows = await entities.list_entities(
        conn,
        administration_id,
        entity_type,
        after=after,
        limit=limit + 1,
        include_deleted=include_deleted,
        modified_since=modified_since,
    )
    more = len(rows) > limit
    rows = rows[:limit]
    token = encode_page_token(rows[-1]["source_id"]) if more else None
    return EntityPage(items=rows, next_page_token=token)
