"""Conformance checks of a sync's date scope: ``sync_from`` and ``since`` (issue 19).

Each check takes ``at_source``: a package's own test of the sandbox's request log (what
:meth:`ConformanceRig.sandbox_requests` returns, from the sync's first request on) that
the date was applied at the source, never by reading everything and dropping it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from ledgerbus_connectorkit.testing.conformance import ConformanceRig, SyncResult
from ledgerbus_contracts import (
    DATED_ENTITY_TYPES,
    EntityType,
    SyncMode,
    supported_entity_types,
)
from ledgerbus_contracts.entities import TransactionLine

AtSource = Callable[[list[str], dt.date], bool]
"""Whether these logged requests show the date filter (``date``) applied at the source."""

LINE = EntityType.TRANSACTION_LINE


def every_request_to(fragment: str, *templates: str) -> AtSource:
    """At least one logged request contains ``fragment``, and each such request contains
    every template formatted with the date (``{date}`` ISO, ``{compact}`` YYYYMMDD)."""

    def shown(logged: list[str], date: dt.date) -> bool:
        iso, compact = date.isoformat(), date.strftime("%Y%m%d")
        wanted = [t.format(date=iso, compact=compact) for t in templates]
        hits = [r for r in logged if fragment in r]
        return bool(hits) and all(all(w in r for w in wanted) for r in hits)

    return shown


def dates_of(result: SyncResult) -> dict[str, dt.date]:
    """The date of every transaction line a sync published, by source id."""
    return {
        e.source_id: e.date for e in result.upserts.get(LINE, []) if isinstance(e, TransactionLine)
    }


def a_date_within(dates: dict[str, dt.date], fraction: float) -> dt.date:
    """A line date that this fraction of the lines is dated before (a date inside the range)."""
    ordered = sorted(set(dates.values()))
    return ordered[min(int(len(ordered) * fraction), len(ordered) - 1)]


async def _logged_since(rig: ConformanceRig, before: int) -> list[str]:
    return (await rig.sandbox_requests())[before:]


async def check_sync_from_bounds_a_full_sync(rig: ConformanceRig, at_source: AtSource) -> dt.date:
    """With ``sync_from`` set, a full sync carries exactly the lines dated on or after it
    and all master data, the start marker frames that scope, and the date reached the
    source. Returns the ``sync_from`` it used."""
    whole = await rig.sync(SyncMode.FULL)
    dates = dates_of(whole)
    sync_from = a_date_within(dates, 0.5)
    before = len(await rig.sandbox_requests())
    bounded = await rig.sync(SyncMode.FULL, sync_from=sync_from)
    logged = await _logged_since(rig, before)
    expected = {i for i, d in dates.items() if d >= sync_from}
    assert expected and expected != set(dates), "the sandbox's lines should span sync_from"
    assert bounded.ids(LINE) == expected, "the lines differ from the sandbox's on or after it"
    for entity_type in supported_entity_types(rig.package) - DATED_ENTITY_TYPES:
        assert bounded.ids(entity_type) == whole.ids(entity_type), f"{entity_type} not whole"
    assert bounded.start is not None
    assert bounded.start.scope.sync_from == sync_from
    assert LINE in bounded.start.scope.dated
    assert at_source(logged, sync_from), f"no request applied {sync_from} at the source: {logged}"
    return sync_from


async def check_since_rereads_from_that_date(rig: ConformanceRig, at_source: AtSource) -> None:
    """A manual incremental with ``since`` re-reads the lines from that date and no
    earlier; with a later ``sync_from`` it starts at ``sync_from``."""
    whole = await rig.sync(SyncMode.FULL)
    dates = dates_of(whole)
    since, sync_from = a_date_within(dates, 0.5), a_date_within(dates, 0.75)
    before = len(await rig.sandbox_requests())
    reread = await rig.sync(SyncMode.INCREMENTAL, since=since)
    logged = await _logged_since(rig, before)
    assert reread.ids(LINE) == {i for i, d in dates.items() if d >= since}
    assert at_source(logged, since), f"no request applied {since} at the source"
    assert reread.start is not None and reread.start.scope.since == since
    bounded = await rig.sync(SyncMode.INCREMENTAL, since=since, sync_from=sync_from)
    assert bounded.ids(LINE) == {i for i, d in dates.items() if d >= sync_from}
