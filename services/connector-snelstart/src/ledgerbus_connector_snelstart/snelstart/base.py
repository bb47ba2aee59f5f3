"""The base of every SnelStart stream: JSON arrays, ``$top``/``$skip`` paging, ``ModifiedOn``.

OData resources return at most 500 items a call (``$top`` 1..500, the published
operations' range); a short page is the last. The cursor is the highest
``modifiedOn`` seen, and an incremental read asks for ``ModifiedOn gt
datetime'<cursor>'``. Resources without OData return everything at once and are
re-read on every sync; their models carry no ``modifiedOn``, so their version is the
moment they were read (a re-read overwrites what an earlier one left).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from ledgerbus_connectorkit import PageRequest, Stream, StreamContext
from ledgerbus_contracts import SyncMode
from ledgerbus_servicekit import Clock, SystemClock

PAGE_SIZE = 500


def _utc(value: str) -> dt.datetime:
    moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment


def modified_version(raw: dict[str, Any]) -> int:
    """The source version: ``modifiedOn`` (UTC) in epoch microseconds."""
    value = raw.get("modifiedOn")
    return int(_utc(str(value)).timestamp() * 1_000_000) if value else 0


def date_of(value: Any) -> dt.date:
    """The date of a SnelStart date-time (``datum`` is midnight of the day)."""
    return dt.datetime.fromisoformat(str(value).replace("Z", "+00:00")).date()


class SnelStartStream(Stream):
    """A ``/v2/<resource>`` collection."""

    primary_key: ClassVar[str] = "id"
    odata: ClassVar[bool] = True
    cursor_field: ClassVar[str | None] = "modifiedOn"
    date_property: ClassVar[str] = "Datum"
    """The OData property a dated stream's ``date_from`` filters on (``Datum ge ...``)."""

    def __init__(self, clock: Clock | None = None) -> None:
        self.clock = clock or SystemClock()

    @property
    def incremental(self) -> bool:
        return self.odata

    def version(self, raw: dict[str, Any]) -> int:
        """``modifiedOn`` where the model has it, else the moment of reading."""
        if self.odata:
            return modified_version(raw)
        return int(self.clock.now().timestamp() * 1_000_000)

    def first_page(self, context: StreamContext) -> PageRequest:
        if not self.odata:
            return PageRequest(f"/v2/{self.path}")
        params = {"$top": str(PAGE_SIZE), "$skip": "0"}
        filters = []
        if context.mode is SyncMode.INCREMENTAL and context.cursor and not context.reread:
            filters.append(f"ModifiedOn gt datetime'{context.cursor}'")
        if self.dated and context.date_from is not None:
            filters.append(f"{self.date_property} ge datetime'{context.date_from}T00:00:00'")
        if filters:
            params["$filter"] = " and ".join(filters)
        return PageRequest(f"/v2/{self.path}", params)

    def records(self, payload: Any) -> list[dict[str, Any]]:
        return list(payload)

    def next_page(self, payload: Any, current: PageRequest) -> PageRequest | None:
        if not self.odata or len(payload) < PAGE_SIZE or current.params is None:
            return None
        skip = int(current.params.get("$skip", "0")) + PAGE_SIZE
        return PageRequest(current.url, {**current.params, "$skip": str(skip)})

    def cursor_of(self, raw: dict[str, Any]) -> str | None:
        return str(raw["modifiedOn"]) if self.odata and raw.get("modifiedOn") else None
