"""The base of every Exact stream: the ``d``/``results``/``__next`` envelope and paging.

Sync endpoints (``/sync/...``) filter on ``Timestamp gt <cursor>L``, return 1000
records a page in Timestamp order, and are what incremental syncs use. Regular
endpoints return 60 records a page and are re-read in full on every sync.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from ledgerbus_connector_exact.exact.values import version_from_modified
from ledgerbus_connectorkit import PageRequest, Stream, StreamContext
from ledgerbus_servicekit import Clock, SystemClock


def results(payload: Any) -> list[dict[str, Any]]:
    """``d.results`` of a collection (or ``d`` itself when Exact returns a bare list)."""
    data = payload["d"]
    return list(data["results"] if isinstance(data, dict) else data)


def next_link(payload: Any) -> PageRequest | None:
    """The page behind ``d.__next`` (it carries the skiptoken), or None on the last page."""
    data = payload["d"]
    link = data.get("__next") if isinstance(data, dict) else None
    return PageRequest(link) if link else None


class ExactStream(Stream):
    """An Exact endpoint under ``/api/v1/{division}/``."""

    select: ClassVar[tuple[str, ...]]
    """The fields to read (Exact requires ``$select`` on bulk and sync endpoints)."""

    def __init__(self, clock: Clock | None = None) -> None:
        self.clock: Clock = clock or SystemClock()

    def active_on_today(self, end_date: dt.date | None) -> bool:
        """Exact marks a cost centre or unit inactive by an ``EndDate`` that has passed."""
        return end_date is None or end_date > self.clock.now().date()

    def version(self, raw: dict[str, Any]) -> int:
        """``Modified`` in epoch microseconds (regular endpoints have no ``Timestamp``)."""
        return version_from_modified(raw)

    def first_page(self, context: StreamContext) -> PageRequest:
        """Sync endpoints start after the cursor (``gt 1`` the first time); others from the top."""
        url = f"/api/v1/{context.external_id}/{self.path}"
        params = {"$select": ",".join(self.select)}
        if self.incremental:
            params["$filter"] = f"Timestamp gt {context.cursor or 1}L"
        else:
            params["$inlinecount"] = "allpages"
        return PageRequest(url, params)

    def records(self, payload: Any) -> list[dict[str, Any]]:
        """``d.results``."""
        return results(payload)

    def next_page(self, payload: Any, current: PageRequest) -> PageRequest | None:
        """Follow ``d.__next`` as given."""
        return next_link(payload)

    def expected_total(self, payload: Any) -> int | None:
        """``d.__count`` where ``$inlinecount`` asked for it."""
        data = payload["d"]
        count = data.get("__count") if isinstance(data, dict) else None
        return int(count) if count is not None else None


class ExactSyncStream(ExactStream):
    """A ``/sync/...`` endpoint: incremental by rowversion ``Timestamp``."""

    cursor_field: ClassVar[str | None] = "Timestamp"

    def version(self, raw: dict[str, Any]) -> int:
        """The rowversion ``Timestamp``."""
        return int(raw["Timestamp"])
