"""A page of records as CSV rows for ``COPY`` into a staging table (pure, no I/O).

Pages are encoded where they are decoded, in a worker process (see
``entrypoints.decoding``), so the service's own process only streams bytes to
PostgreSQL. The rows hold the table's columns except ``updated_at``, with the page's
sync id in ``seen_in_sync``; the merge decides whether that sync was a full snapshot.

Every text value is quoted and NULL is the only unquoted empty field, so ``None``,
``""`` and the text ``\\N`` stay three different values.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass

from ledgerbus_contracts import Entity, EntityType
from ledgerbus_ledger_store.adapters.tables import Table, table_for

PageKey = tuple[str, str, str, int, int]
"""(sync id, entity type, ``upsert``, page_seq, record count): a page applied once."""


class _Null:
    """Written by csv unquoted and empty, which is NULL to ``COPY ... (FORMAT csv)``.

    ``QUOTE_NONNUMERIC`` quotes every value except numbers; this looks like one.
    """

    def __float__(self) -> float:
        raise TypeError("NULL has no value")

    def __str__(self) -> str:
        return ""


NULL = _Null()


@dataclass(frozen=True)
class StagedPage:
    """One page of records of one entity type, encoded for ``COPY``."""

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


def encode_rows(table: Table, records: Sequence[Entity], sync_id: str) -> bytes:
    """CSV rows of the records (all of ``table``'s type), in ``table.staged_columns``."""
    buffer = io.StringIO()
    write = csv.writer(buffer, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n").writerow
    for record in records:
        write([NULL if value is None else value for value in table.row(record, sync_id)])
    return buffer.getvalue().encode()


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
