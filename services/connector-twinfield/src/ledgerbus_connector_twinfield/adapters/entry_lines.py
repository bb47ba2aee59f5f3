"""The line numbers of the transactions the connector has read, per connection and office.

Twinfield's deleted-transactions service names a deleted transaction by daybook and
number only; its lines are deleted in the mirror as ``daybook/number/1..max_line``.
"""

from __future__ import annotations

from collections.abc import Iterable

from ledgerbus_servicekit.db import DbConnection


async def remember(
    conn: DbConnection, connection_id: str, office: str, keys: Iterable[tuple[str, str, int]]
) -> None:
    """Record (daybook, number, line) keys; a transaction keeps its highest line number."""
    highest: dict[tuple[str, str], int] = {}
    for daybook, number, line in keys:
        highest[(daybook, number)] = max(line, highest.get((daybook, number), 0))
    if not highest:
        return
    await conn.execute(
        """
        INSERT INTO entry_lines (connection_id, office, daybook, number, max_line)
        SELECT $1, $2, d, n, m FROM unnest($3::text[], $4::text[], $5::int[]) AS t(d, n, m)
        ON CONFLICT (connection_id, office, daybook, number)
        DO UPDATE SET max_line = greatest(entry_lines.max_line, excluded.max_line)
        """,
        connection_id,
        office,
        [d for d, _ in highest],
        [n for _, n in highest],
        list(highest.values()),
    )


async def highest_lines(
    conn: DbConnection, connection_id: str, office: str, transactions: Iterable[tuple[str, str]]
) -> dict[tuple[str, str], int]:
    """The highest line number seen of each (daybook, number); absent when never read."""
    wanted = list(dict.fromkeys(transactions))
    if not wanted:
        return {}
    rows = await conn.fetch(
        """
        SELECT daybook, number, max_line FROM entry_lines
        WHERE connection_id = $1 AND office = $2
          AND (daybook, number) IN (SELECT * FROM unnest($3::text[], $4::text[]))
        """,
        connection_id,
        office,
        [d for d, _ in wanted],
        [n for _, n in wanted],
    )
    return {(r["daybook"], r["number"]): int(r["max_line"]) for r in rows}
