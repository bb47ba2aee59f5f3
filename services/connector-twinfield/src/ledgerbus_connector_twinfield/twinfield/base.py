"""Finder streams (master data, page by page, one or more finder types in turn) and
browse streams (transactions, filtered on their modification time)."""

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


class BrowseStream(Stream):
    """Browse data of one code, from just after the cursor's modification time."""

    primary_key: ClassVar[str] = "key"
    cursor_field: ClassVar[str | None] = "fin.trs.head.modified"
    browse_code: ClassVar[str]
    fields: ClassVar[tuple[str, ...]]

    def first_page(self, context: StreamContext) -> PageRequest:
        since = ""
        if context.cursor:
            moment = dt.datetime.strptime(context.cursor, "%Y%m%d%H%M%S")
            since = (moment + dt.timedelta(seconds=1)).strftime("%Y%m%d%H%M%S")
        columns = "".join(
            f"<column><field>{f}</field><visible>true</visible><ask>false</ask>"
            "<operator>none</operator></column>"
            for f in self.fields
        )
        modified = (
            "<column><field>fin.trs.head.modified</field><visible>false</visible>"
            f"<ask>true</ask><operator>between</operator><from>{since}</from><to/></column>"
            if since
            else ""
        )
        status = (
            "<column><field>fin.trs.head.status</field><ask>true</ask>"
            "<operator>equal</operator><from>normal</from></column>"
        )
        xml = f'<columns code="{self.browse_code}">{columns}{modified}{status}</columns>'
        return PageRequest("browse", {"xml": xml})

    def records(self, payload: Any) -> list[dict[str, Any]]:
        return list(payload["rows"])

    def next_page(self, payload: Any, current: PageRequest) -> PageRequest | None:
        return None
