"""Streams: one small declarative class per entity type of a package.

A package's base stream knows its envelope, paging and record versions; each entity
type's stream declares its path, primary key, cursor field and ``entity_model``, and
maps a raw record to the package's own fields (:meth:`Stream.fields`): the stream base
fills the envelope (``administration_id``, ``source_id``, ``source_version``, ``raw``).
"""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any, ClassVar

from ledgerbus_contracts import Entity, EntityType, SyncMode
from ledgerbus_contracts.entities import EntityBase


@dataclass(frozen=True)
class PageRequest:
    """The URL and query of one page."""

    url: str
    params: dict[str, str] | None = None


@dataclass(frozen=True)
class StreamContext:
    """What a stream needs to build its first request."""

    administration_id: str
    external_id: str
    mode: SyncMode
    cursor: str | None
    date_from: dt.date | None = None
    """Dated streams only: read records dated on or after this (``sync_from``, or ``since``)."""
    reread: bool = False
    """A manual incremental with ``since``: read the dated records from ``date_from`` again,
    whatever the cursor says."""


class Stream(ABC):
    """Reads one entity type, page by page."""

    entity_type: ClassVar[EntityType]
    entity_model: ClassVar[type[EntityBase]]
    """The contract's model of the entity type (``GlAccount``, ``TransactionLine``...)."""
    path: ClassVar[str]
    primary_key: ClassVar[str] = "ID"
    cursor_field: ClassVar[str | None] = None
    """The field an incremental read filters on; None means the stream is re-read in full."""
    dated: ClassVar[bool] = False
    """Whether the records carry a date that ``sync_from`` bounds (transaction lines); a
    dated stream applies :attr:`StreamContext.date_from` at the source in ``first_page``.
    Master data is never dated: it is read whole."""

    @property
    def incremental(self) -> bool:
        """Whether the package can return only changes since a cursor."""
        return self.cursor_field is not None

    @abstractmethod
    def first_page(self, context: StreamContext) -> PageRequest:
        """The request for the first page."""

    @abstractmethod
    def records(self, payload: Any) -> list[dict[str, Any]]:
        """The raw records in a page."""

    @abstractmethod
    def next_page(self, payload: Any, current: PageRequest) -> PageRequest | None:
        """The request for the next page, or None after the last.

        ``current`` is the request that returned ``payload``, for offset paging.
        """

    def fields(self, raw: dict[str, Any], administration_id: str) -> dict[str, Any]:
        """The entity's own fields of a raw record: everything but the envelope."""
        raise NotImplementedError(f"{type(self).__name__} maps no fields")

    def source_id(self, raw: dict[str, Any]) -> str:
        """The package's stable id of a record (default: its primary key)."""
        return str(raw[self.primary_key])

    def version(self, raw: dict[str, Any]) -> int:
        """The record's source version, growing with every change (default: 0)."""
        return 0

    def to_entity(self, raw: dict[str, Any], administration_id: str) -> Entity:
        """The normalised entity of a raw record: the envelope and :meth:`fields`."""
        entity: Entity = self.entity_model(  # type: ignore[assignment]
            administration_id=administration_id,
            source_id=self.source_id(raw),
            source_version=self.version(raw),
            raw=raw,
            **self.fields(raw, administration_id),
        )
        return entity

    def filters_dates_at_source(self, context: StreamContext) -> bool:
        """Whether ``first_page`` applies ``date_from`` at the source for this context.

        When it cannot (a package's change feed that filters on its cursor only), the
        runner leaves out the changed records dated before ``date_from``.
        """
        return True

    def cursor_of(self, raw: dict[str, Any]) -> str | None:
        """The cursor value a record advances the stream to."""
        if self.cursor_field is None:
            return None
        value = raw.get(self.cursor_field)
        return None if value is None else str(value)

    def expected_total(self, payload: Any) -> int | None:
        """The total number of records where the first page tells it."""
        return None
