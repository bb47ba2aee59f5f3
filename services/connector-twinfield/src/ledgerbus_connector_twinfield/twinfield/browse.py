"""Browse streams: transactions from ProcessXml ``<columns code="...">`` requests.

Twinfield's browse data has no paging of its own (a response holds every matching
row), so a full sync reads one fiscal year at a time through a ``between`` on
``fin.trs.head.yearperiod`` (``YYYY/PP``): everything up to ``RECENT_YEARS`` ago in one
request, then each year up to next year, then everything later. The chunk bounds
travel in the page request, so a resumed sync continues with the next year even
across a new year's eve. An incremental sync asks once for the lines modified after
the cursor (``fin.trs.head.modified`` between the cursor plus a second and open),
which is small. Only ``fin.trs.head.status`` ``normal`` lines are read. That
``between`` accepts ``0000/00`` and ``9999/99`` as open bounds is UNCONFIRMED.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from ledgerbus_connectorkit import PageRequest, Stream, StreamContext
from ledgerbus_contracts import SyncMode

RECENT_YEARS = 10
OPEN_FROM, OPEN_TO = "0000/00", "9999/99"


def _column(field: str, operator: str = "none", lo: str = "", hi: str = "") -> str:
    bounds = f"<from>{lo}</from><to>{hi}</to>" if operator != "none" else ""
    ask = "true" if operator != "none" else "false"
    return (
        f"<column><field>{field}</field><visible>true</visible><ask>{ask}</ask>"
        f"<operator>{operator}</operator>{bounds}</column>"
    )


class BrowseStream(Stream):
    """Browse data of one code: by fiscal year in a full sync, by modification otherwise."""

    primary_key: ClassVar[str] = "key"
    cursor_field: ClassVar[str | None] = "fin.trs.head.modified"
    browse_code: ClassVar[str]
    columns: ClassVar[tuple[str, ...]]
    """The columns read (the filtered ones are added when missing)."""

    def __init__(self, this_year: int | None = None) -> None:
        self.this_year = this_year or dt.datetime.now(dt.UTC).year

    def request(
        self, *, lo: str = OPEN_FROM, hi: str = OPEN_TO, since: str = "", dated_from: str = ""
    ) -> PageRequest:
        """The browse request for the periods ``lo``..``hi`` (modified from ``since``, and
        dated on or after ``dated_from``, ``YYYYMMDD``)."""
        filters = {
            "fin.trs.head.yearperiod": ("between", lo, hi),
            "fin.trs.head.status": ("equal", "normal", ""),
        }
        if since:
            filters["fin.trs.head.modified"] = ("between", since, "")
        if dated_from:
            filters["fin.trs.head.date"] = ("between", dated_from, "")
        wanted = dict.fromkeys((*self.columns, *filters))
        columns = "".join(_column(f, *filters.get(f, ("none",))) for f in wanted)
        xml = f'<columns code="{self.browse_code}">{columns}</columns>'
        params = {"xml": xml, "from": lo, "to": hi}
        if dated_from:
            params["dated_from"] = dated_from
        return PageRequest("browse", params)

    def first_page(self, context: StreamContext) -> PageRequest:
        """Changes after the cursor, or the years from the oldest one read.

        A ``date_from`` (dated streams: ``sync_from``, or a re-read's ``since``) starts the
        period range at the fiscal year before the date's calendar year (a fiscal year
        need not be the calendar year) and cuts at the day with ``fin.trs.head.date``.
        """
        dated_from = context.date_from.strftime("%Y%m%d") if context.date_from else ""
        if context.mode is SyncMode.INCREMENTAL and context.cursor and not context.reread:
            moment = dt.datetime.strptime(context.cursor, "%Y%m%d%H%M%S")
            since = (moment + dt.timedelta(seconds=1)).strftime("%Y%m%d%H%M%S")
            return self.request(since=since, dated_from=dated_from)
        if context.date_from is not None:
            year = context.date_from.year - 1
            return self.request(lo=f"{year}/00", hi=f"{year}/99", dated_from=dated_from)
        return self.request(hi=f"{self.this_year - RECENT_YEARS - 1}/99")

    def next_page(self, payload: Any, current: PageRequest) -> PageRequest | None:
        params = current.params or {}
        if params.get("from") == OPEN_FROM and params.get("to") == OPEN_TO:
            return None  # an incremental read is one request
        upper = params.get("to", OPEN_TO)
        if upper == OPEN_TO:
            return None
        year = int(upper[:4]) + 1
        dated_from = params.get("dated_from", "")
        if year > self.this_year + 1:
            return self.request(lo=f"{year}/00", dated_from=dated_from)
        return self.request(lo=f"{year}/00", hi=f"{year}/99", dated_from=dated_from)

    def records(self, payload: Any) -> list[dict[str, Any]]:
        return list(payload["rows"])
