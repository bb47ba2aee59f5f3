"""The lines connector-exact writes use only the properties picqer/exact-php-client's
entity classes list (``SalesEntryLine.php``, ``GeneralJournalEntryLine.php``), signed as
Exact takes them, and a journal entry's reference opens every line's description."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ledgerbus_connector_exact.exact.postings import ExactPostings
from ledgerbus_contracts import Package
from ledgerbus_contracts.postings import PostEntries, PostingKind, PostingLine

SALES_ENTRY_LINE = {"AmountFC", "CostCenter", "Description", "GLAccount", "VATAmountFC", "VATCode"}
JOURNAL_ENTRY_LINE = {"AmountFC", "CostCenter", "Date", "Description", "GLAccount", "VATCode"}
ACCOUNTS = {"8000": "guid-8000", "1300": "guid-1300"}


def _journal() -> PostEntries:
    return PostEntries(
        administration_id="adm",
        posting_id="p-1",
        tenant_id="t",
        package=Package.EXACT,
        external_id="100001",
        kind=PostingKind.JOURNAL_ENTRY,
        date=dt.date(2026, 11, 30),
        daybook_code="MEM",
        reference="M-1",
        lines=(
            PostingLine(gl_account_code="1300", amount=Decimal("12.10")),
            PostingLine(
                gl_account_code="8000", amount=Decimal("-10.00"), vat_code="2", description="x"
            ),
        ),
        requested_at=dt.datetime(2026, 11, 30, tzinfo=dt.UTC),
    )


def test_a_sales_line_is_picqers_sales_entry_line() -> None:
    line = PostingLine(
        gl_account_code="8000", amount=Decimal("100.00"), vat_code="2", cost_center_code="K1"
    )
    row = ExactPostings._line(line, ACCOUNTS)
    assert set(row) <= SALES_ENTRY_LINE
    assert row == {
        "GLAccount": "guid-8000",
        "AmountFC": 100.0,
        "Description": None,
        "VATCode": "2",
        "CostCenter": "K1",
    }


def test_a_journal_entry_is_picqers_general_journal_entry_with_the_reference() -> None:
    body = ExactPostings()._journal(_journal(), "LBABC", ACCOUNTS)
    assert body["JournalCode"] == "MEM"
    rows = body["GeneralJournalEntryLines"]
    assert all(set(r) <= JOURNAL_ENTRY_LINE for r in rows)
    assert [r["AmountFC"] for r in rows] == [12.1, -10.0]
    assert [r["Description"] for r in rows] == ["LBABC M-1", "LBABC x"]
    assert {r["Date"] for r in rows} == {"2026-11-30T00:00:00"}
