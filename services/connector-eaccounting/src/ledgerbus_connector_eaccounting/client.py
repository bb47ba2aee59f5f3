"""How eAccounting is read: ``/v2`` collections page by page, and the codes rows name by id.

Every collection pages with ``$page`` (from 1) and ``$pagesize`` and says in ``Meta``
how many pages there are. A stream with a ``cursor_field`` reads only what changed
after the cursor when the sync is incremental; the others are re-read in full, their
version the moment they were read.

A row names its cost centre and cost unit items (``CostCenterItemId1``/``2``), project
(``ProjectId``) and VAT code (``VatCodeId``) by their ids, an account its VAT code; the
contract carries their codes. When a session opens, the connector reads ``/v2/vatcodes``,
``/v2/costcenters`` and ``/v2/projects`` (all pages) into one map per administration, so
the streams map rows without a call of their own, whichever entity types the sync reads.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from ledgerbus_connectorkit import PageRequest, RestClient, Stream, StreamContext
from ledgerbus_connectorkit.pages import read_pages
from ledgerbus_contracts import SyncMode
from ledgerbus_servicekit import Clock, SystemClock

PAGE_SIZE = 1000
"""The largest page (``$pagesize`` is 1..1000)."""


def utc_micros(value: Any) -> int:
    """An eAccounting date-time (UTC, ``Z`` or none) in epoch microseconds."""
    moment = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    return int(moment.replace(tzinfo=moment.tzinfo or dt.UTC).timestamp() * 1_000_000)


def next_page(payload: Any, current: PageRequest) -> PageRequest | None:
    """The request of the page after ``current``, or None after the last (``Meta``)."""
    meta = payload["Meta"]
    if int(meta["CurrentPage"]) >= int(meta["TotalNumberOfPages"]):
        return None
    return PageRequest(
        current.url, {**(current.params or {}), "$page": str(meta["CurrentPage"] + 1)}
    )


class EAccountingStream(Stream):
    """A ``/v2/<path>`` collection, read page by page."""

    primary_key: ClassVar[str] = "Id"
    cursor_field: ClassVar[str | None] = "ModifiedUtc"
    date_field: ClassVar[str] = "VoucherDate"
    one_per_datum: ClassVar[bool] = True

    def __init__(self, clock: Clock | None = None) -> None:
        self.clock = clock or SystemClock()

    def first_page(self, context: StreamContext) -> PageRequest:
        filters = []
        incremental = context.mode is SyncMode.INCREMENTAL and not context.reread
        if self.cursor_field and incremental and context.cursor:
            filters.append(f"{self.cursor_field} gt {context.cursor}")
        if self.dated and context.date_from is not None:
            filters.append(f"{self.date_field} ge {context.date_from.isoformat()}")
        params = {"$page": "1", "$pagesize": str(PAGE_SIZE)}
        if filters:
            params["$filter"] = " and ".join(filters)
        return PageRequest(f"/v2/{self.path}", params)

    def records(self, payload: Any) -> list[dict[str, Any]]:
        return list(payload["Data"])

    def next_page(self, payload: Any, current: PageRequest) -> PageRequest | None:
        return next_page(payload, current)

    def expected_total(self, payload: Any) -> int | None:
        """``TotalNumberOfResults`` where a record is one of ``Data``'s (not a voucher's
        rows, a cost centre's items, a year's months, or customers without suppliers)."""
        return int(payload["Meta"]["TotalNumberOfResults"]) if self.one_per_datum else None

    def version(self, raw: dict[str, Any]) -> int:
        """The record's cursor time, or the moment of reading for streams without one."""
        value = self.cursor_of(raw)
        return utc_micros(value) if value else int(self.clock.now().timestamp() * 1_000_000)


async def all_records(client: RestClient, path: str) -> list[dict[str, Any]]:
    """Every record of a ``/v2`` collection."""
    first = PageRequest(path, {"$page": "1", "$pagesize": str(PAGE_SIZE)})
    records: list[dict[str, Any]] = []
    async for page in read_pages(client, first, lambda payload: list(payload["Data"]), next_page):
        records.extend(page.items)
    return records


async def reference_codes(client: RestClient) -> dict[str, str]:
    """Id to code of every VAT code, cost centre and cost unit item, and project."""
    codes = {
        str(v["Id"]): str(v.get("Code") or v["Id"])
        for v in await all_records(client, "/v2/vatcodes")
    }
    for center in await all_records(client, "/v2/costcenters"):
        for item in center.get("Items") or []:
            codes[str(item["Id"])] = str(item.get("ShortName") or item["Id"])
    for project in await all_records(client, "/v2/projects"):
        codes[str(project["Id"])] = str(project["Number"])
    return codes


class ReferenceCodes:
    """The open sessions' code maps, by administration."""

    def __init__(self) -> None:
        self._open: dict[str, dict[str, str]] = {}

    async def load(self, administration_id: str, client: RestClient) -> None:
        """Read the administration's codes for the session that opens."""
        self._open[administration_id] = await reference_codes(client)

    def close(self, administration_id: str) -> None:
        """Forget the codes when the session ends."""
        self._open.pop(administration_id, None)

    def of(self, administration_id: str) -> _Codes:
        """The administration's codes (empty outside a session)."""
        return _Codes(self._open.get(administration_id, {}))


class _Codes:
    def __init__(self, codes: dict[str, str]) -> None:
        self._codes = codes

    def get(self, reference: Any) -> str | None:
        """The code of a referenced id (None for no reference; the id if it is unknown)."""
        return None if not reference else self._codes.get(str(reference), str(reference))
