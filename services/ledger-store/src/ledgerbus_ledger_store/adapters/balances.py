"""SQL for balances computed from the mirrored transaction lines."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ledgerbus_servicekit.db import DbConnection


async def trial_balance(
    conn: DbConnection, administration_id: str, until: dt.date
) -> list[tuple[str, Decimal, Decimal]]:
    """(GL account code, debit total, credit total) of the live lines dated up to ``until``."""
    rows = await conn.fetch(
        """
        SELECT gl_account_code AS account,
               coalesce(sum(amount) FILTER (WHERE amount > 0), 0) AS debit,
               coalesce(-sum(amount) FILTER (WHERE amount < 0), 0) AS credit
        FROM transaction_lines
        WHERE administration_id = $1 AND deleted_at IS NULL AND date <= $2
        GROUP BY 1 ORDER BY 1
        """,
        administration_id,
        until,
    )
    return [(r["account"], r["debit"], r["credit"]) for r in rows]
