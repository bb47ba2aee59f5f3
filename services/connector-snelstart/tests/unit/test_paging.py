"""OData paging: ``$top``/``$skip`` until a short page, ``ModifiedOn`` for increments."""

from __future__ import annotations

from ledgerbus_connector_snelstart.snelstart import streams
from ledgerbus_connector_snelstart.snelstart.base import PAGE_SIZE
from ledgerbus_connector_snelstart.snelstart.references import ReferenceCodes
from ledgerbus_connectorkit import PageRequest, StreamContext
from ledgerbus_contracts import SyncMode


def context(mode: SyncMode, cursor: str | None = None) -> StreamContext:
    return StreamContext("adm", "guid", mode, cursor)


def test_a_full_read_pages_with_top_and_skip_until_a_short_page() -> None:
    stream = streams.Grootboeken()
    first = stream.first_page(context(SyncMode.FULL, "2026-01-01T00:00:00.000"))
    assert first == PageRequest("/v2/grootboeken", {"$top": str(PAGE_SIZE), "$skip": "0"})
    second = stream.next_page([{}] * PAGE_SIZE, first)
    assert second == PageRequest("/v2/grootboeken", {"$top": str(PAGE_SIZE), "$skip": "500"})
    assert stream.next_page([{}] * (PAGE_SIZE - 1), second) is None


def test_an_incremental_read_filters_on_modified_on_and_keeps_the_filter_when_paging() -> None:
    stream = streams.Grootboekmutaties(ReferenceCodes())
    first = stream.first_page(context(SyncMode.INCREMENTAL, "2026-03-01T12:00:00.000"))
    assert first.params is not None
    assert first.params["$filter"] == "ModifiedOn gt datetime'2026-03-01T12:00:00.000'"
    second = stream.next_page([{}] * PAGE_SIZE, first)
    assert second is not None and second.params is not None
    assert second.params["$filter"] == first.params["$filter"]
    assert stream.cursor_of({"modifiedOn": "2026-03-02T08:00:00.000"}) == "2026-03-02T08:00:00.000"


def test_resources_without_odata_are_one_request_and_never_incremental() -> None:
    stream = streams.Dagboeken()
    page = stream.first_page(context(SyncMode.INCREMENTAL, "2026-03-01T12:00:00.000"))
    assert page == PageRequest("/v2/dagboeken")
    assert stream.next_page([{}] * PAGE_SIZE, page) is None
    assert not stream.incremental
    assert stream.cursor_of({"modifiedOn": "2026-03-02T08:00:00.000"}) is None
