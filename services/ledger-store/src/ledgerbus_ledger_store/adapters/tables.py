"""The typed table of each entity type, and the SQL that is the same for all of them.

Every table holds the common columns (administration, source id and version, the raw
record, ``deleted_at``, the last full snapshot that contained the record) and one
column per normalised field of the contract model, named as the field. Table names come
from this fixed map only, never from a request.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from operator import attrgetter
from typing import Any, Protocol

import msgspec
from pydantic_core import to_json

from ledgerbus_contracts import EntityType
from ledgerbus_contracts.entities import ENTITY_MODELS

COMMON = ("administration_id", "entity_type", "source_id", "source_version", "raw")
"""Fields of every entity model that are not typed columns of their own."""


class Record(Protocol):
    """What a staged row is read from: a contract model, or its struct
    (:mod:`.page_structs`) whose ``raw`` is still the JSON it arrived as."""

    @property
    def administration_id(self) -> str: ...
    @property
    def source_id(self) -> str: ...
    @property
    def source_version(self) -> int: ...
    @property
    def raw(self) -> dict[str, Any] | msgspec.Raw: ...


TABLE_NAMES: dict[EntityType, str] = {t: f"{t}s" for t in EntityType}


@dataclass(frozen=True)
class Table:
    """One entity type's table: its name and its typed columns (the contract's fields)."""

    entity_type: EntityType
    name: str
    fields: tuple[str, ...]

    @property
    def staged_columns(self) -> tuple[str, ...]:
        """The columns of a staged row (:meth:`row`), in ``COPY`` order."""
        head = ("administration_id", "source_id", "source_version")
        return (*head, *self.fields, "raw", "seen_in_sync")

    @property
    def columns(self) -> tuple[str, ...]:
        """The columns an upsert writes: the staged ones and ``updated_at``."""
        return (*self.staged_columns, "updated_at")

    @property
    def staging(self) -> str:
        """The session's temporary staging table of this type."""
        return f"staging_{self.name}"

    @cached_property
    def _values(self) -> attrgetter[Any]:
        return attrgetter(*self.fields)  # every contract type has two fields or more

    def row(self, record: Record, seen_in_sync: str | None) -> tuple[Any, ...]:
        """The staged row of one record (:attr:`staged_columns`)."""
        raw = record.raw
        return (
            record.administration_id,
            record.source_id,
            record.source_version,
            *self._values(record),
            bytes(raw).decode() if isinstance(raw, msgspec.Raw) else to_json(raw).decode(),
            seen_in_sync,
        )


def _fields(entity_type: EntityType) -> tuple[str, ...]:
    model = ENTITY_MODELS[entity_type]
    return tuple(name for name in model.model_fields if name not in COMMON)


TABLES: dict[EntityType, Table] = {
    t: Table(entity_type=t, name=TABLE_NAMES[t], fields=_fields(t)) for t in EntityType
}


def table_for(entity_type: EntityType | str) -> Table:
    """The table of an entity type (``ValueError`` for anything that is not one)."""
    return TABLES[EntityType(entity_type)]
