"""The truth a sandbox serves: per administration, package-neutral records of every type.

Generation is seeded, so the same seed and sizes always give the same records, ids
and amounts. Each record has a stable ``id``, a ``version`` that grows with every
change within its administration (Exact serves it as the rowversion ``Timestamp``),
and a ``modified`` time. Entries are balanced: the lines of one entry sum to zero
(:mod:`ledgerbus_sandboxes.common.booking`), and the sandbox changes lines only an
entry at a time (:mod:`ledgerbus_sandboxes.common.entries`); ``upsert`` and
``delete`` here are the record-level steps those take. Transaction lines are
generated lazily (:mod:`ledgerbus_sandboxes.common.lines`), so a million of them cost
nothing until they are read.
Hard deletes leave a tombstone with the deleting version, for packages that report
deletes (Exact's ``sync/Deleted``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ledgerbus_contracts import EntityType
from ledgerbus_sandboxes.common.booking import Chart
from ledgerbus_sandboxes.common.table import Record, RecordTable

EPOCH = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class DataSizes:
    """How many records of each kind to generate for one administration."""

    gl_accounts: int = 60
    contacts: int = 40
    projects: int = 8
    cost_centers: int = 6
    cost_units: int = 4
    payment_terms: int = 30
    transaction_lines: int = 2_000
    fiscal_years: tuple[int, ...] = (2025, 2026)


@dataclass
class Tombstone:
    """A hard-deleted record, as a package that reports deletes remembers it."""

    entity_type: EntityType
    id: str
    version: int
    deleted_at: dt.datetime
    record: Record | None = None
    """The record as it was, for packages that report more than the id."""


@dataclass
class AdministrationData:
    """One administration's records by entity type and id, and its deletions."""

    key: str
    name: str
    records: dict[EntityType, RecordTable] = field(default_factory=dict)
    tombstones: list[Tombstone] = field(default_factory=list)
    version: int = 0
    chart: Chart | None = None

    def table(self, entity_type: EntityType) -> RecordTable:
        """The live records of one type (an empty table for a type it has none of)."""
        found = self.records.get(entity_type)
        return found if found is not None else RecordTable()

    def of(self, entity_type: EntityType) -> list[Record]:
        """The live records of one type, in version order (all of them: mind the size)."""
        return list(self.table(entity_type).rows())

    def counts(self) -> dict[str, int]:
        """The number of live records per entity type."""
        return {str(t): len(rows) for t, rows in self.records.items()}

    def next_version(self) -> int:
        self.version += 1
        return self.version

    def upsert(self, entity_type: EntityType, record: Record, now: dt.datetime) -> Record:
        """Add or change a record; it gets a new version and modified time."""
        table = self.records.setdefault(entity_type, RecordTable())
        stored = {**table.get(record["id"], {}), **record}
        stored["version"], stored["modified"] = self.next_version(), now
        table[stored["id"]] = stored
        return stored

    def delete(self, entity_type: EntityType, record_id: str, now: dt.datetime) -> bool:
        """Hard-delete a record, leaving a tombstone."""
        removed = self.table(entity_type).pop(record_id, None)
        if removed is None:
            return False
        self.tombstones.append(
            Tombstone(entity_type, record_id, self.next_version(), now, dict(removed))
        )
        return True


@dataclass
class SandboxData:
    """Every administration a sandbox serves, by its package-side key."""

    administrations: dict[str, AdministrationData] = field(default_factory=dict)

    def get(self, key: str) -> AdministrationData | None:
        return self.administrations.get(key)
