"""SQL for administrations."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ledgerbus_servicekit.db import DbConnection

COLUMNS = (
    "id",
    "tenant_id",
    "package",
    "connection_id",
    "external_id",
    "name",
    "timezone",
    "window_start",
    "window_end",
    "sync_from",
    "enabled",
    "connector_version",
)
_API_NAMES = {
    "window_start": "nightly_window_start",
    "window_end": "nightly_window_end",
    "connector_version": "last_full_sync_connector_version",
}


def to_columns(fields: dict[str, Any]) -> dict[str, Any]:
    reverse = {v: k for k, v in _API_NAMES.items()}
    return {
        reverse.get(k, k): (str(v) if k == "package" and v is not None else v)
        for k, v in fields.items()
    }


def to_api(row: Any) -> dict[str, Any]:
    data: dict[str, Any] = dict(row)
    return {_API_NAMES.get(k, k): v for k, v in data.items()}


async def insert(conn: DbConnection, fields: dict[str, Any], now: dt.datetime) -> bool:
    values = to_columns(fields)
    names = [c for c in COLUMNS if c in values]
    placeholders = ", ".join(f"${i + 1}" for i in range(len(names)))
    status = await conn.execute(
        f"INSERT INTO administrations ({', '.join(names)}, created_at, updated_at)"  # noqa: S608
        f" VALUES ({placeholders}, ${len(names) + 1}, ${len(names) + 1})"
        " ON CONFLICT (id) DO NOTHING",
        *[values[n] for n in names],
        now,
    )
    return bool(status.endswith("1"))


async def get(conn: DbConnection, administration_id: str) -> dict[str, Any] | None:
    row = await conn.fetchrow(
        f"SELECT {', '.join(COLUMNS)} FROM administrations WHERE id = $1",  # noqa: S608
        administration_id,
    )
    return None if row is None else dict(row)


async def update(
    conn: DbConnection, administration_id: str, fields: dict[str, Any], now: dt.datetime
) -> None:
    values = to_columns(fields)
    sets = ", ".join(f"{name} = ${i + 2}" for i, name in enumerate(values))
    await conn.execute(
        f"UPDATE administrations SET {sets}, updated_at = ${len(values) + 2}"  # noqa: S608
        " WHERE id = $1",
        administration_id,
        *values.values(),
        now,
    )


async def delete(conn: DbConnection, administration_id: str) -> bool:
    status = await conn.execute("DELETE FROM administrations WHERE id = $1", administration_id)
    return bool(status.endswith("1"))


async def search(
    conn: DbConnection,
    *,
    tenant_id: str | None,
    package: str | None,
    enabled: bool | None,
    limit: int,
    after: str | None,
) -> list[dict[str, Any]]:
    rows = await conn.fetch(
        f"SELECT {', '.join(COLUMNS)} FROM administrations"  # noqa: S608
        " WHERE ($1::text IS NULL OR tenant_id = $1) AND ($2::text IS NULL OR package = $2)"
        " AND ($3::bool IS NULL OR enabled = $3) AND ($4::text IS NULL OR id > $4)"
        " ORDER BY id LIMIT $5",
        tenant_id,
        package,
        enabled,
        after,
        limit,
    )
    return [dict(r) for r in rows]


async def registered(
    conn: DbConnection, tenant_id: str, package: str, external_ids: list[str]
) -> dict[str, str]:
    """The tenant's administrations of ``package`` on those external ids: external id -> id
    (the first by id where there are several)."""
    rows = await conn.fetch(
        "SELECT DISTINCT ON (external_id) external_id, id FROM administrations"
        " WHERE tenant_id = $1 AND package = $2 AND external_id = ANY($3::text[])"
        " ORDER BY external_id, id",
        tenant_id,
        package,
        external_ids,
    )
    return {r["external_id"]: r["id"] for r in rows}
