"""The base of every SnelStart stream: JSON arrays, ``$top``/``$skip`` paging, ``ModifiedOn``.

OData resources return at most 500 items a call; a short page is the last. The
cursor is the highest ``modifiedOn`` seen, and an incremental read asks for
``ModifiedOn gt datetime'<cursor>'``. Resources without OData return everything at
once and are re-read on every sync.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from ledgerbus_connectorkit import PageRequest, Stream, StreamContext
from ledgerbus_contracts import SyncMode

PAGE_SIZE = 500


def modified_version(raw: dict[str, Any]) -> int:
    """The source version: ``modifiedOn`` (UTC) in epoch microseconds."""
    value = raw.get("modifiedOn")
    if not value:
        return 0
    moment = dt.datetime.fromisoformat(str(value)).replace(tzinfo=dt.UTC)
    return int(moment.timestamp() * 1_000_000)


class SnelStartStream(Stream):
    """A ``/v2/<resource>`` collection."""

    primary_key: ClassVar[str] = "id"
    odata: ClassVar[bool] = True

    @property
    def incremental(self) -> bool:
        return self.odata

    cursor_field: ClassVar[str | None] = "modifiedOn"

    def first_page(self, context: StreamContext) -> PageRequest:
        if not self.odata:
            return PageRequest(f"/v2/{self.path}")
        params = {"$top": str(PAGE_SIZE), "$skip": "0"}
        if context.mode is SyncMode.INCREMENTAL and context.cursor:
            params["$filter"] = f"ModifiedOn gt datetime'{context.cursor}'"
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
