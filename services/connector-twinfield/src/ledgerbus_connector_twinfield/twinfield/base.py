"""Finder streams: master data, page by page, one or more finder types in turn."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from ledgerbus_connectorkit import PageRequest, Stream, StreamContext

PAGE_SIZE = 100


def modified_version(value: str | None) -> int:
    """``YYYYMMDDHHMMSS`` (UTC) in epoch microseconds; 0 when absent."""
    if not value:
        return 0
    moment = dt.datetime.strptime(value, "%Y%m%d%H%M%S").replace(tzinfo=dt.UTC)
    return int(moment.timestamp() * 1_000_000)


class FinderStream(Stream):
    """Master data from the finder; re-read in full on every sync (it has no change filter).

    ``searches`` are (finder type, options) read one after the other, e.g. the balance
    and profit-and-loss dimensions that together are the GL accounts.
    """

    primary_key: ClassVar[str] = "Code"
    searches: ClassVar[tuple[tuple[str, dict[str, str]], ...]]

    def _page(self, index: int, first_row: int) -> PageRequest:
        kind, options = self.searches[index]
        return PageRequest(
            "finder",
            {
                "type": kind,
                **options,
                "firstRow": str(first_row),
                "maxRows": str(PAGE_SIZE),
                "search": str(index),
            },
        )

    def version(self, raw: dict[str, Any]) -> int:
        """The finder's ``Gewijzigd`` column."""
        return modified_version(raw.get("Gewijzigd"))

    def first_page(self, context: StreamContext) -> PageRequest:
        return self._page(0, 1)

    def records(self, payload: Any) -> list[dict[str, Any]]:
        return list(payload["rows"])

    def next_page(self, payload: Any, current: PageRequest) -> PageRequest | None:
        params = current.params or {}
        index, first = int(params.get("search", "0")), int(params["firstRow"])
        if first + PAGE_SIZE <= int(payload["total"]):
            return self._page(index, first + PAGE_SIZE)
        if index + 1 < len(self.searches):
            return self._page(index + 1, 1)
        return None
