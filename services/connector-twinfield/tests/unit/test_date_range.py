"""A dated browse (issue 19): the period range starts at the fiscal year before the date's
calendar year and ``fin.trs.head.date`` cuts at the day, on every chunk."""

from __future__ import annotations

import datetime as dt

from ledgerbus_connector_twinfield.twinfield.streams import TransactionLines
from ledgerbus_connectorkit import StreamContext
from ledgerbus_contracts import SyncMode

DATE_CUT = "<field>fin.trs.head.date</field><visible>true</visible><ask>true</ask>"


def _context(mode: SyncMode, cursor: str | None = None, reread: bool = False) -> StreamContext:
    return StreamContext("a", "NLA1", mode, cursor, date_from=dt.date(2025, 3, 10), reread=reread)


def test_a_full_read_from_a_date_starts_a_year_early_and_cuts_at_the_day() -> None:
    stream = TransactionLines(this_year=2026)
    first = stream.first_page(_context(SyncMode.FULL))
    assert first.params is not None
    assert (first.params["from"], first.params["to"]) == ("2024/00", "2024/99")
    assert DATE_CUT + "<operator>between</operator><from>20250310</from>" in first.params["xml"]
    second = stream.next_page({"rows": []}, first)
    assert second is not None and second.params is not None
    assert (second.params["from"], second.params["to"]) == ("2025/00", "2025/99")
    assert "<from>20250310</from>" in second.params["xml"]


def test_an_incremental_keeps_the_cut_and_a_reread_ignores_the_cursor() -> None:
    stream = TransactionLines(this_year=2026)
    changes = stream.first_page(_context(SyncMode.INCREMENTAL, "20260101120000"))
    assert changes.params is not None
    assert "fin.trs.head.modified" in changes.params["xml"]
    assert "<from>20250310</from>" in changes.params["xml"]
    reread = stream.first_page(_context(SyncMode.INCREMENTAL, "20260101120000", reread=True))
    assert reread.params is not None
    assert (
        "fin.trs.head.modified</field><visible>true</visible><ask>true" not in reread.params["xml"]
    )
    assert reread.params["from"] == "2024/00"
