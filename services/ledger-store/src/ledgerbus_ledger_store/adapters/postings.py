"""SQL for postings: what the checks read of the mirror, the posting and its outcome."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

from ledgerbus_contracts.postings import PostEntries, PostingFailed, PostingSucceeded
from ledgerbus_ledger_store.domain.postings import Mirror, Period, Vat, rate_of
from ledgerbus_servicekit.db import DbConnection

COLUMNS = """posting_id, administration_id, tenant_id, package, kind, reference, request, state,
    created, error, sync_id, queued_at, sent_at, finished_at"""


async def package_of(conn: DbConnection, administration_id: str) -> str | None:
    """The package of the administration's latest sync."""
    found: str | None = await conn.fetchval(
        "SELECT package FROM syncs WHERE administration_id = $1 AND package IS NOT NULL"
        " ORDER BY started_at DESC NULLS LAST LIMIT 1",
        administration_id,
    )
    return found


async def mirror(conn: DbConnection, administration_id: str, package: str) -> Mirror:
    """What the checks need of the administration's mirror (live records only)."""
    live = "WHERE administration_id = $1 AND deleted_at IS NULL"
    accounts = await conn.fetch(f"SELECT code, blocked FROM gl_accounts {live}", administration_id)  # noqa: S608
    vat = await conn.fetch(
        f"SELECT code, percentage, active FROM vat_codes {live}",  # noqa: S608
        administration_id,
    )
    daybooks = await conn.fetch(
        f"SELECT code, daybook_type FROM daybooks {live}",  # noqa: S608
        administration_id,
    )
    centres = await conn.fetch(f"SELECT code, active FROM cost_centers {live}", administration_id)  # noqa: S608
    contacts = await conn.fetch(f"SELECT code FROM contacts {live}", administration_id)  # noqa: S608
    periods = await conn.fetch(
        f"SELECT fiscal_year, period, start_date, end_date FROM fiscal_periods {live}",  # noqa: S608
        administration_id,
    )
    active = await conn.fetchval(
        "SELECT active_period FROM dossiers WHERE administration_id = $1", administration_id
    )
    return Mirror(
        package=package,
        accounts={r["code"]: not r["blocked"] for r in accounts},
        vat={r["code"]: Vat(rate_of(Decimal(r["percentage"])), r["active"]) for r in vat},
        daybooks={r["code"]: r["daybook_type"] for r in daybooks},
        cost_centers={r["code"]: r["active"] for r in centres},
        contacts=frozenset(r["code"] for r in contacts),
        periods=tuple(
            Period(r["fiscal_year"], r["period"], r["start_date"], r["end_date"]) for r in periods
        ),
        active_period=active,
    )


def _decode(row: Any) -> dict[str, Any]:
    out = dict(row)
    for name in ("request", "created", "error"):
        if isinstance(out.get(name), str):
            out[name] = json.loads(out[name])
    return out


async def get(conn: DbConnection, posting_id: str) -> dict[str, Any] | None:
    row = await conn.fetchrow(
        f"SELECT {COLUMNS} FROM postings WHERE posting_id = $1",  # noqa: S608
        posting_id,
    )
    return None if row is None else _decode(row)


async def search(
    conn: DbConnection, administration_id: str, state: str | None, limit: int
) -> list[dict[str, Any]]:
    rows = await conn.fetch(
        f"SELECT {COLUMNS} FROM postings WHERE administration_id = $1"  # noqa: S608
        " AND ($2::text IS NULL OR state = $2) ORDER BY queued_at DESC LIMIT $3",
        administration_id,
        state,
        limit,
    )
    return [_decode(r) for r in rows]


async def record(conn: DbConnection, command: PostEntries, traceparent: str | None) -> bool:
    """Record a posting and queue its command in the outbox (the caller's transaction);
    False when the posting id was recorded before."""
    status = await conn.execute(
        "INSERT INTO postings (posting_id, administration_id, tenant_id, package, kind,"
        " reference, request, queued_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
        " ON CONFLICT (posting_id) DO NOTHING",
        command.posting_id,
        command.administration_id,
        command.tenant_id,
        str(command.package),
        str(command.kind),
        command.reference,
        command.model_dump_json(),
        command.requested_at,
    )
    if not status.endswith("1"):
        return False
    await conn.execute(
        "INSERT INTO outbox (id, event_type, payload, traceparent, created_at)"
        " VALUES ($1, $2, $3, $4, $5)",
        f"posting-{command.posting_id}",
        command.event_type,
        command.model_dump_json(),
        traceparent,
        command.requested_at,
    )
    return True


async def mark_sending(conn: DbConnection, posting_id: str, at: dt.datetime) -> None:
    await conn.execute(
        "UPDATE postings SET state = 'sending', sent_at = $2"
        " WHERE posting_id = $1 AND state = 'queued'",
        posting_id,
        at,
    )


async def succeeded(conn: DbConnection, event: PostingSucceeded) -> bool:
    """Record the success; True the first time (then the dossier's counter counts it)."""
    status = await conn.execute(
        "UPDATE postings SET state = 'succeeded', created = $2, sync_id = $3, error = NULL,"
        " finished_at = $4 WHERE posting_id = $1 AND state <> 'succeeded'",
        event.posting_id,
        json.dumps([r.model_dump(mode="json") for r in event.created]),
        event.sync_id,
        event.at,
    )
    if not status.endswith("1"):
        return False
    await conn.execute(
        """
        INSERT INTO dossiers (administration_id, tenant_id, booking_proposal_counter, updated_at)
        VALUES ($1, $2, 1, $3)
        ON CONFLICT (administration_id) DO UPDATE SET
            booking_proposal_counter = dossiers.booking_proposal_counter + 1,
            updated_at = excluded.updated_at
        """,
        event.administration_id,
        event.tenant_id,
        event.at,
    )
    return True


async def failed(conn: DbConnection, event: PostingFailed) -> None:
    """Record the failure (never over a success)."""
    await conn.execute(
        "UPDATE postings SET state = 'failed', error = $2, finished_at = $3"
        " WHERE posting_id = $1 AND state <> 'succeeded'",
        event.posting_id,
        event.error.model_dump_json(),
        event.at,
    )
