"""Reading the mirror: one entity type of one administration, a keyset page at a time."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

from ledgerbus_contracts import EntityType
from ledgerbus_ledger_store.adapters.tables import table_for
from ledgerbus_servicekit.db import DbConnection


async def list_entities(
    conn: DbConnection,
    administration_id: str,
    entity_type: EntityType,
    *,
    after: str | None,
    limit: int,
    include_deleted: bool,
    modified_since: dt.datetime | None,
) -> list[dict[str, Any]]:
    """One keyset page in source id order: the typed fields, the raw record beside them."""
    table = table_for(entity_type)
    rows = await conn.fetch(
        f"""
        SELECT source_id, source_version, {", ".join(table.fields)}, raw, deleted_at,
               deleted_reason, updated_at
        FROM {table.name}
        WHERE administration_id = $1 AND ($2::text IS NULL OR source_id > $2)
          AND ($3 OR deleted_at IS NULL) AND ($4::timestamptz IS NULL OR updated_at >= $4)
        ORDER BY source_id LIMIT $5
        """,  # noqa: S608 - table and column names come from the contract, never from input
        administration_id,
        after,
        include_deleted,
        modified_since,
        limit,
    )
    return [_item(dict(r)) for r in rows]


def _item(row: dict[str, Any]) -> dict[str, Any]:
    """A row as the API shows it; amounts as decimal strings, exactly as in the contract."""
    item = {k: str(v) if isinstance(v, Decimal) else v for k, v in row.items() if k != "raw"}
    item["raw"] = json.loads(row["raw"])
    return item
