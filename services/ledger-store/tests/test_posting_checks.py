"""The posting checks as plain functions: every problem named, with where it is."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ledgerbus_contracts.postings import PostingKind, PostingLine, PostingRelation
from ledgerbus_ledger_store.domain.postings import Draft, Mirror, Period, Vat, check, vat_on

MIRROR = Mirror(
    package="snelstart",
    accounts={"8000": True, "1300": True, "9": False},
    vat={"Hoog": Vat(Decimal("0.21"), True), "Laag": Vat(Decimal("0.09"), False)},
    daybooks={"12": "sales", "14": "general"},
    cost_centers={"K1": True, "K2": False},
    periods=(Period(2026, 11, dt.date(2026, 11, 1), dt.date(2026, 11, 30)),),
    active_period="2026-11",
)


def line(account: str, amount: str, **more: str) -> PostingLine:
    return PostingLine(gl_account_code=account, amount=Decimal(amount), **more)  # type: ignore[arg-type]


def draft(kind: PostingKind, *lines: PostingLine, **more: object) -> Draft:
    relation = (
        PostingRelation(code="1001", name="X") if kind is not PostingKind.JOURNAL_ENTRY else None
    )
    values: dict[str, object] = {
        "kind": kind, "date": dt.date(2026, 11, 30), "relation": relation, "lines": lines,
        "daybook_code": "12" if kind is PostingKind.SALES_INVOICE else "14",
    } | more  # fmt: skip
    return Draft(**values)  # type: ignore[arg-type]


def test_a_good_invoice_and_a_balanced_entry_pass() -> None:
    sales = draft(PostingKind.SALES_INVOICE, line("8000", "100.00", vat_code="Hoog"))
    entry = draft(PostingKind.JOURNAL_ENTRY, line("1300", "10.00"), line("8000", "-10.00"))
    assert check(sales, MIRROR) == [] and check(entry, MIRROR) == []


def test_every_problem_is_named_with_where_it_is() -> None:
    bad = draft(
        PostingKind.SALES_INVOICE,
        line("9", "1.005", cost_center_code="K2", vat_code="Laag"),
        line("7777", "1.00", cost_center_code="K9"),
        daybook_code="14",
        date=dt.date(2026, 10, 31),
        relation=PostingRelation(code="AB12", name="X"),
    )
    found = dict(check(bad, MIRROR))
    assert set(found) == {
        ("body", "daybook_code"),
        ("body", "date"),
        ("body", "relation", "code"),
        ("body", "lines", 0, "amount"),
        ("body", "lines", 0, "gl_account_code"),
        ("body", "lines", 0, "cost_center_code"),
        ("body", "lines", 0, "vat_code"),
        ("body", "lines", 1, "gl_account_code"),
        ("body", "lines", 1, "cost_center_code"),
    }
    assert found[("body", "lines", 0, "gl_account_code")] == "GL account 9 is blocked"
    assert "accepted: Hoog" in found[("body", "lines", 0, "vat_code")]


def test_a_snelstart_journal_entry_carries_no_vat_and_eaccounting_waits_for_its_connector() -> None:
    entry = draft(
        PostingKind.JOURNAL_ENTRY, line("1300", "10.00"), line("8000", "-10.00", vat_code="Hoog")
    )
    assert [loc for loc, _ in check(entry, MIRROR)] == [("body", "lines", 1, "vat_code")]
    other = Mirror(package="eaccounting", accounts=MIRROR.accounts, daybooks=MIRROR.daybooks)
    assert check(entry, other) == [((), "postings into eaccounting are not supported yet")]


def test_exact_takes_numeric_relation_codes_and_vat_on_journal_lines() -> None:
    exact = Mirror(
        package="exact", accounts=MIRROR.accounts, vat=MIRROR.vat, daybooks=MIRROR.daybooks
    )
    letters = draft(
        PostingKind.SALES_INVOICE,
        line("8000", "100.00", vat_code="Hoog"),
        relation=PostingRelation(code="AB12", name="X"),
    )
    assert check(letters, exact) == [
        (
            ("body", "relation", "code"),
            "Exact relation codes are numbers of at most 18 digits, not 'AB12'",
        )
    ]
    assert check(draft(PostingKind.SALES_INVOICE, line("8000", "1.00")), exact) == []
    entry = draft(
        PostingKind.JOURNAL_ENTRY, line("1300", "12.10"), line("8000", "-10.00", vat_code="Hoog")
    )
    assert check(entry, exact) == []


def test_vat_is_the_rate_times_the_amount_half_up() -> None:
    assert vat_on(Decimal("10.05"), Vat(Decimal("0.09"), True)) == Decimal("0.90")
    assert vat_on(Decimal("-0.50"), Vat(Decimal("0.21"), True)) == Decimal("-0.11")
