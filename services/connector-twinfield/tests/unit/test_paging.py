"""Finder paging across searches, browse chunks by fiscal year, and the SOAP request body."""

from __future__ import annotations

from lxml import etree

from ledgerbus_connector_twinfield.twinfield import streams
from ledgerbus_connector_twinfield.twinfield.base import PAGE_SIZE
from ledgerbus_connector_twinfield.twinfield.browse import OPEN_FROM, OPEN_TO, RECENT_YEARS
from ledgerbus_connector_twinfield.twinfield.client import finder_body
from ledgerbus_connectorkit import PageRequest, StreamContext
from ledgerbus_contracts import SyncMode


def context(mode: SyncMode, cursor: str | None = None) -> StreamContext:
    return StreamContext("adm", "NLA000001", mode, cursor)


def test_the_finder_pages_through_each_search_in_turn() -> None:
    stream = streams.GlAccounts()
    page = stream.first_page(context(SyncMode.FULL))
    assert page.params == {
        "type": "DIM",
        "dimtype": "BAS",
        "firstRow": "1",
        "maxRows": str(PAGE_SIZE),
        "search": "0",
    }
    second = stream.next_page({"total": PAGE_SIZE + 1, "rows": []}, page)
    assert second is not None and second.params is not None
    assert (second.params["dimtype"], second.params["firstRow"]) == ("BAS", str(PAGE_SIZE + 1))
    pnl = stream.next_page({"total": PAGE_SIZE + 1, "rows": []}, second)
    assert pnl is not None and pnl.params is not None
    assert (pnl.params["dimtype"], pnl.params["firstRow"]) == ("PNL", "1")
    assert stream.next_page({"total": 3, "rows": []}, pnl) is None


def bounds(page: PageRequest | None) -> tuple[str, str] | None:
    return None if page is None or page.params is None else (page.params["from"], page.params["to"])


def test_a_full_sync_browses_one_fiscal_year_at_a_time() -> None:
    stream = streams.TransactionLines(this_year=2026)
    page: PageRequest | None = stream.first_page(context(SyncMode.FULL))
    seen = []
    while page is not None:
        seen.append(bounds(page))
        page = stream.next_page({"rows": []}, page)
    first_recent = 2026 - RECENT_YEARS
    assert seen[0] == (OPEN_FROM, f"{first_recent - 1}/99")
    assert seen[1:-1] == [(f"{y}/00", f"{y}/99") for y in range(first_recent, 2028)]
    assert seen[-1] == ("2028/00", OPEN_TO)


def test_a_resumed_chunk_continues_with_the_next_year_even_in_a_new_year() -> None:
    chunk = streams.TransactionLines(this_year=2026).request(lo="2026/00", hi="2026/99")
    after_new_year = streams.TransactionLines(this_year=2027)
    assert bounds(after_new_year.next_page({"rows": []}, chunk)) == ("2027/00", "2027/99")


def column(xml: str, field: str) -> etree._Element:
    found = [c for c in etree.fromstring(xml).findall("column") if c.findtext("field") == field]
    assert len(found) == 1, field
    return found[0]


def test_an_incremental_sync_asks_once_for_lines_modified_after_the_cursor() -> None:
    stream = streams.TransactionLines(this_year=2026)
    page = stream.first_page(context(SyncMode.INCREMENTAL, "20260301120059"))
    assert page.params is not None
    modified = column(page.params["xml"], "fin.trs.head.modified")
    assert modified.findtext("operator") == "between"
    assert (modified.findtext("from"), modified.findtext("to")) == ("20260301120100", "")
    assert column(page.params["xml"], "fin.trs.head.status").findtext("from") == "normal"
    assert stream.next_page({"rows": []}, page) is None


def test_a_full_sync_still_requests_the_modified_column() -> None:
    page = streams.TransactionLines(this_year=2026).first_page(context(SyncMode.FULL))
    assert page.params is not None
    assert column(page.params["xml"], "fin.trs.head.modified").findtext("operator") == "none"


def test_finder_options_carry_the_office_but_not_the_streams_bookkeeping() -> None:
    body = finder_body(
        {
            "type": "DIM",
            "dimtype": "DEB",
            "firstRow": "1",
            "maxRows": "100",
            "search": "1",
            "office": "NLA&1",
        }
    )
    root = etree.fromstring(f'<r xmlns:twf="http://www.twinfield.com/">{body}</r>')
    ns = {"twf": "http://www.twinfield.com/"}
    pairs = [
        [s.text for s in pair.findall("twf:string", ns)]
        for pair in root.findall(".//twf:options/twf:ArrayOfString", ns)
    ]
    assert pairs == [["dimtype", "DEB"], ["office", "NLA&1"]]
    assert root.findtext(".//twf:firstRow", namespaces=ns) == "1"
