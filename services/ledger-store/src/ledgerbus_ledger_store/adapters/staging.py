"""A page of records as rows for ``COPY`` into a staging table (pure, no I/O).

Pages are encoded where they are decoded, in a worker process (see
``entrypoints.decoding``), so the service's own process only streams bytes to
PostgreSQL. The rows hold the table's columns except ``updated_at``, with the page's
sync id in ``seen_in_sync``; the merge decides whether that sync was a full snapshot.

The rows are in ``COPY``'s text format: fields separated by tabs, ``\\N`` for NULL,
and in every value a backslash, tab, newline and carriage return escaped with a
backslash, so ``None``, ``""`` and the text ``\\N`` stay three different values. It is
cheaper to write than CSV (a value needs escaping only when it holds one of the four;
the JSON of ``raw`` never holds the last three) and cheaper for PostgreSQL to read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from ledgerbus_contracts import Entity, EntityType
from ledgerbus_ledger_store.adapters.tables import Record, Table, table_for

PageKey = tuple[str, str, str, int, int]
"""(sync id, entity type, ``upsert``, page_seq, record count): a page applied once."""

COPY_FORMAT: Final = "text"
"""The ``COPY`` format of :attr:`StagedPage.rows`."""
NULL = "\\N"


def _field(value: object) -> str:
    """One value as a field of ``COPY``'s text format."""
    if value is None:
        return NULL
    text = value if isinstance(value, str) else str(value)
    if "\\" in text:
        text = text.replace("\\", "\\\\")
    if "\t" in text or "\n" in text or "\r" in text:
        text = text.replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return text


@dataclass(frozen=True)
class StagedPage:
    """One page of records of one entity type, encoded for ``COPY`` (:data:`COPY_FORMAT`)."""

    sync_id: str
    administration_id: str
    entity_type: EntityType
    page_seq: int
    source_ids: tuple[str, ...]
    rows: bytes

    @property
    def count(self) -> int:
        """How many records the page holds."""
        return len(self.source_ids)

    @property
    def key(self) -> PageKey:
        """What recognises a republished page."""
        return (self.sync_id, str(self.entity_type), "upsert", self.page_seq, self.count)


def encode_rows(table: Table, records: Sequence[Record], sync_id: str) -> bytes:
    """The records' rows (all of ``table``'s type) in ``table.staged_columns``, text format."""
    rows = [table.row(record, sync_id) for record in records]
    fast = encode_at_once(rows, len(table.staged_columns))
    return fast if fast is not None else encode_each_field(rows)


def encode_each_field(rows: Sequence[tuple[object, ...]]) -> bytes:
    """Rows in ``COPY``'s text format, escaping each field on its own."""
    lines = ["\t".join(map(_field, row)) for row in rows]
    lines.append("")
    return "\n".join(lines).encode()


def encode_at_once(rows: Sequence[tuple[object, ...]], columns: int) -> bytes | None:
    """The rows encoded with one pass of escaping over the whole page, or None if a value
    holds a tab, a newline, a carriage return or a NUL (then each field is escaped alone).

    NULL goes in as NUL (which no text PostgreSQL takes can hold) and becomes ``\\N``
    after the backslashes are escaped; counting the separators shows that no value held one.
    """
    if not rows:
        return b""
    text = "\n".join(
        ["\t".join(["\0" if value is None else str(value) for value in row]) for row in rows]
    )
    nulls = sum(row.count(None) for row in rows)
    if (
        text.count("\t") != len(rows) * (columns - 1)
        or text.count("\n") != len(rows) - 1
        or text.count("\0") != nulls
        or "\r" in text
    ):
        return None
    if "\\" in text:
        text = text.replace("\\", "\\\\")
    return (text.replace("\0", NULL) + "\n").encode()


def stage_page(
    sync_id: str,
    administration_id: str,
    entity_type: EntityType,
    page_seq: int,
    records: Sequence[Entity],
) -> StagedPage:
    """Encode one page's records."""
    return StagedPage(
        sync_id=sync_id,
        administration_id=administration_id,
        entity_type=entity_type,
        page_seq=page_seq,
        source_ids=tuple(record.source_id for record in records),
        rows=encode_rows(table_for(entity_type), records, sync_id),
    )
