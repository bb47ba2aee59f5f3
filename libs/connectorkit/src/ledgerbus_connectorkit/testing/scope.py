"""Conformance checks of a sync's date scope: ``sync_from`` and ``since`` (issue 19).

Each check takes ``at_source``: a package's own test of the sandbox's request log (what
:meth:`ConformanceRig.sandbox_requests` returns, from the sync's first request on) that
the date was applied at the source, never by reading everything and dropping it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, Protocol

import httpx

from ledgerbus_connectorkit.testing.conformance import ConformanceRig, SyncResult, record_id
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


class Mirror(Protocol):
    """The ledger-store beside the rig (same topics), for the rig's administration."""

    async def live_ids(self, entity_type: EntityType) -> set[str]:
        """Source ids of the live records of a type."""
        ...

    async def sync(self, sync_id: str) -> dict[str, Any]:
        """The sync run once it reached a terminal state."""
        ...


async def _mirrored(rig: ConformanceRig, mirror: Mirror, **ask: Any) -> dict[str, Any]:
    result = await rig.sync(SyncMode.FULL, **ask)
    return await mirror.sync(result.sync_id)


async def _delete_lines(rig: ConformanceRig, ids: list[str]) -> None:
    """Hard-delete lines at the source (a line's whole entry goes: siblings may be gone)."""
    base = f"/_sandbox/administrations/{rig.external_id}/records/{LINE}"
    async with httpx.AsyncClient(base_url=rig.sandbox_url) as client:
        for source_id in ids:
            response = await client.delete(f"{base}/{source_id}")
            assert response.status_code in (200, 204, 404), response.text


async def check_the_mirror_follows_sync_from_and_replace(
    rig: ConformanceRig, mirror: Mirror
) -> None:
    """Moving ``sync_from`` later and earlier ends in exactly the sandbox's lines of the new
    range; lines the package lost beyond the guard stay until ``replace`` removes them."""
    whole = await rig.sync(SyncMode.FULL)
    await mirror.sync(whole.sync_id)
    dates = dates_of(whole)
    assert await mirror.live_ids(LINE) == set(dates)
    later, earlier = a_date_within(dates, 0.6), a_date_within(dates, 0.3)
    trimmed = await _mirrored(rig, mirror, sync_from=later)
    assert trimmed["state"] == "succeeded", trimmed
    assert trimmed["trimmed"].get(LINE, 0) > 0 and trimmed["deleted"].get(LINE, 0) == 0
    assert await mirror.live_ids(LINE) == {i for i, d in dates.items() if d >= later}
    backfilled = await _mirrored(rig, mirror, sync_from=earlier)
    assert backfilled["state"] == "succeeded", backfilled
    in_range = {i for i, d in dates.items() if d >= earlier}
    assert await mirror.live_ids(LINE) == in_range
    await _delete_lines(rig, sorted(in_range)[: len(in_range) // 2])
    left = {record_id(r) for r in await rig.sandbox_records(LINE)} & in_range
    held = await _mirrored(rig, mirror, sync_from=earlier)
    assert held["state"] == "needs_attention", held
    assert await mirror.live_ids(LINE) == in_range, "the guard let the lines go"
    replaced = await _mirrored(rig, mirror, sync_from=earlier, replace=True)
    assert replaced["state"] == "succeeded", replaced
    assert replaced["replaced"].get(LINE, 0) == len(in_range - left)
    assert replaced["scope"]["requested_by"] == "conformance"
    assert await mirror.live_ids(LINE) == left


async def check_an_incremental_stays_within_sync_from(rig: ConformanceRig) -> None:
    """Lines changed before ``sync_from`` are not carried by an incremental sync; lines
    changed on or after it are."""
    whole = await rig.sync(SyncMode.FULL)
    dates = dates_of(whole)
    sync_from = a_date_within(dates, 0.5)
    old = min(i for i, d in dates.items() if d < sync_from)
    new = max(i for i, d in dates.items() if d >= sync_from)
    for source_id in (old, new):
        await rig.sandbox_change(LINE, source_id, {"description": "Gewijzigd na de btw-aangifte"})
    changed = await rig.sync(SyncMode.INCREMENTAL, sync_from=sync_from)
    carried = dates_of(changed)
    assert new in carried and old not in carried
    assert all(d >= sync_from for d in carried.values())
