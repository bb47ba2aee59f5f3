"""Every entry of every sandbox balances, after generation and after changes of every kind."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from decimal import Decimal

import pytest

from ledgerbus_contracts import EntityType
from ledgerbus_sandboxes.common import AdministrationData, DataSizes, generate_administration
from ledgerbus_sandboxes.common.booking import VatRate, vat_on
from ledgerbus_sandboxes.common.control import Mutations
from ledgerbus_sandboxes.common.entries import (
    add_entry,
    delete_entry,
    entry_lines,
    trial_balance,
    update_line,
)
from ledgerbus_sandboxes.common.mutations import apply_mutations
from ledgerbus_sandboxes.common.table import Record

T = EntityType
NOW = dt.datetime(2026, 11, 23, 12, tzinfo=dt.UTC)
# The sizes each package sandbox generates its administrations with (their configs).
PACKAGE_SIZES = {
    "exact": DataSizes(),
    "snelstart": DataSizes(projects=0, cost_units=0),
    "twinfield": DataSizes(cost_units=0),
}
ZERO = Decimal(0)


def entries(admin: AdministrationData) -> dict[str, list[Record]]:
    by_entry: dict[str, list[Record]] = defaultdict(list)
    for line in admin.table(T.TRANSACTION_LINE).rows():
        by_entry[line["entry_id"]].append(line)
    return by_entry


def assert_balanced(admin: AdministrationData) -> None:
    """Each entry sums to zero, so the trial balance over all accounts is zero."""
    unbalanced = {
        e: sum(line["amount"] for line in lines)
        for e, lines in entries(admin).items()
        if sum(line["amount"] for line in lines) != 0
    }
    assert unbalanced == {}
    sums = trial_balance(admin)
    assert sum(d for d, _ in sums.values()) == sum(c for _, c in sums.values()) > 0


def assert_realistic(admin: AdministrationData, references: bool = True) -> None:
    """VAT, periods and relations as a real administration has them (``references``: the
    periods and relations the lines name exist, which mutations of those may undo)."""
    assert admin.chart is not None
    rates = {r.code: r.percentage for r in admin.chart.vat}
    rates |= {r["code"]: r["percentage"] for r in admin.of(T.VAT_CODE)}
    periods = {(p["fiscal_year"], p["period"]) for p in admin.of(T.FISCAL_PERIOD)}
    contacts = {c["code"]: c for c in admin.of(T.CONTACT)}
    kinds = {d["code"]: d["daybook_type"] for d in admin.of(T.DAYBOOK)}
    for lines in entries(admin).values():
        head = lines[0]
        assert {(line["date"], line["daybook_code"], line["entry_number"]) for line in lines} == {
            (head["date"], head["daybook_code"], head["entry_number"])
        }
        assert (head["fiscal_year"], head["fiscal_period"]) == (
            head["date"].year,
            head["date"].month,
        )
        assert not references or (head["fiscal_year"], head["fiscal_period"]) in periods
        vat_lines = {
            line["vat_code"]: line["amount"] for line in lines if line["line_role"] == "vat"
        }
        owed: dict[str, Decimal] = defaultdict(Decimal)
        for line in lines:
            assert line["amount_fc"] == line["amount"] and line["currency"] == "EUR"
            if line["line_role"] == "base" and line["vat_code"] is not None:
                assert line["vat_amount"] == vat_on(line["amount"], _rate(rates, line["vat_code"]))
                if rates[line["vat_code"]]:
                    owed[line["vat_code"]] += line["vat_amount"]
        assert vat_lines == dict(owed)
        if not references:
            continue
        kind = kinds[head["daybook_code"]]
        relations = [contacts[line["contact_code"]] for line in lines if line["contact_code"]]
        if kind in ("sales", "purchase"):
            assert len(relations) == 1
            assert relations[0]["is_customer" if kind == "sales" else "is_supplier"]
            assert all(line["vat_code"] for line in lines if line["line_role"] == "base")
        for line in lines:
            if line["gl_account_code"] == admin.chart.receivables:
                assert contacts[line["contact_code"]]["is_customer"]
            if line["gl_account_code"] == admin.chart.payables:
                assert contacts[line["contact_code"]]["is_supplier"]


def _rate(rates: dict[str, Decimal], code: str) -> VatRate:
    return VatRate(code, rates[code], "")


@pytest.mark.parametrize("package", sorted(PACKAGE_SIZES))
def test_every_sandboxs_entries_balance_and_look_real(package: str) -> None:
    for key in ("A1", "A2"):
        admin = generate_administration(key, package, 42, PACKAGE_SIZES[package])
        assert_balanced(admin)
        assert_realistic(admin)
        daybooks = {line["daybook_code"] for line in admin.of(T.TRANSACTION_LINE)}
        assert daybooks == {"KAS", "BNK", "VRK", "INK", "MEM"}
        assert {line["vat_code"] for line in admin.of(T.TRANSACTION_LINE)} >= {
            "0",
            "1",
            "2",
            "5",
            "6",
        }


def test_vat_codes_are_the_dutch_rates_for_sales_and_purchases() -> None:
    admin = generate_administration("a", "A", 1, DataSizes(transaction_lines=10))
    found = {(r["percentage"], r["vat_type"]) for r in admin.of(T.VAT_CODE)}
    assert found == {
        (Decimal("0"), "none"),
        (Decimal("0.09"), "sales"),
        (Decimal("0.21"), "sales"),
        (Decimal("0.09"), "purchase"),
        (Decimal("0.21"), "purchase"),
    }
    assert all(c["is_customer"] != c["is_supplier"] for c in admin.of(T.CONTACT))


@pytest.mark.parametrize("package", sorted(PACKAGE_SIZES))
def test_mutations_of_every_kind_keep_every_entry_balanced(package: str) -> None:
    admin = generate_administration("A1", package, 42, PACKAGE_SIZES[package])
    before = {e: {line["id"] for line in lines} for e, lines in entries(admin).items()}
    for seed, entity_type in enumerate(T):
        if not admin.table(entity_type):
            continue
        request = Mutations(entity_type=entity_type, create=3, update=4, delete=2, seed=seed)
        touched = apply_mutations(admin, request, NOW, lambda r: str(r["id"]))
        if entity_type is T.TRANSACTION_LINE:
            lines = touched
    assert_balanced(admin)
    assert_realistic(admin, references=False)
    after = entries(admin)
    deleted = set(lines["deleted"])
    assert deleted and not deleted & set(admin.table(T.TRANSACTION_LINE))
    gone = [e for e, ids in before.items() if ids & deleted]
    assert len(gone) == 2 and all(before[e] <= deleted for e in gone) and not set(gone) & set(after)
    created = {admin.table(T.TRANSACTION_LINE)[i]["entry_id"] for i in lines["created"]}
    assert len(created) == 3 and all(len(after[e]) >= 2 for e in created)
    updated = {admin.table(T.TRANSACTION_LINE)[i]["entry_id"] for i in lines["updated"]}
    assert len(updated) == 4 and not updated & created


def test_an_amount_change_rewrites_the_entry_vat_and_balancing_line() -> None:
    admin = generate_administration("a", "A", 1, DataSizes(transaction_lines=500))
    line = next(r for r in admin.of(T.TRANSACTION_LINE) if r["vat_code"] == "2")
    lines = entry_lines(admin, line["id"])
    stored = update_line(admin, line["id"], {"amount": "-1000.00"}, NOW)
    after = {r["line_number"]: r for r in entry_lines(admin, line["id"])}
    mine = after[line["line_number"]]
    assert (mine["amount"], mine["vat_amount"]) == (Decimal("-1000.00"), Decimal("-210.00"))
    vat = next(r for r in after.values() if r["line_role"] == "vat" and r["vat_code"] == "2")
    base_vat = sum(
        r["vat_amount"] for r in after.values() if r["line_role"] == "base" and r["vat_code"] == "2"
    )
    assert vat["amount"] == base_vat
    assert sum(r["amount"] for r in after.values()) == 0
    assert {r["id"] for r in stored} == {mine["id"], vat["id"], after[1]["id"]}
    unchanged = [r for r in lines if r["id"] not in {s["id"] for s in stored}]
    assert all(after[r["line_number"]]["version"] == r["version"] for r in unchanged)
    assert_balanced(admin)


def test_a_description_change_touches_one_line_and_a_date_change_the_whole_entry() -> None:
    admin = generate_administration("a", "A", 1, DataSizes(transaction_lines=500))
    line = admin.of(T.TRANSACTION_LINE)[3]
    stored = update_line(admin, line["id"], {"description": "Nieuw"}, NOW)
    assert [r["id"] for r in stored] == [line["id"]]
    stored = update_line(admin, line["id"], {"date": "2026-02-14"}, NOW)
    assert {r["id"] for r in stored} == {r["id"] for r in entry_lines(admin, line["id"])}
    assert {(r["date"], r["fiscal_year"], r["fiscal_period"]) for r in stored} == {
        (dt.date(2026, 2, 14), 2026, 2)
    }


def test_a_vat_code_change_adds_and_drops_vat_lines() -> None:
    admin = generate_administration("a", "A", 1, DataSizes(transaction_lines=800))
    by_entry = entries(admin)
    lines = next(
        ls
        for ls in by_entry.values()
        if [r["vat_code"] for r in ls if r["line_role"] == "base"] == ["2"]
    )
    base = next(r for r in lines if r["line_role"] == "base")
    update_line(admin, base["id"], {"vat_code": "1"}, NOW)
    after = entry_lines(admin, base["id"])
    assert [r["vat_code"] for r in after if r["line_role"] == "vat"] == ["1"]
    old_vat = next(r for r in lines if r["line_role"] == "vat")
    assert old_vat["id"] not in admin.table(T.TRANSACTION_LINE)
    assert old_vat["id"] in {t.id for t in admin.tombstones}
    assert sum(r["amount"] for r in after) == 0


@pytest.mark.parametrize(
    ("role", "fields", "message"),
    [
        ("balancing", {"amount": 5}, "balances its entry"),
        ("vat", {"amount": 5}, "follows its entry's base lines"),
        ("base", {"vat_amount": "1.00"}, "vat_amount"),
        ("base", {"entry_id": "x"}, "entry_id"),
        ("base", {"entry_number": 999_999}, "entry_number"),
        ("base", {"amount": "1.001"}, "in cents"),
        ("base", {"amount": "veel"}, "must be a number"),
        ("base", {"date": "gisteren"}, "ISO date"),
        ("base", {"fiscal_period": 13}, "fiscal_period follows"),
        ("base", {"vat_code": "99"}, "unknown VAT code"),
        ("base", {"colour": "blue"}, "unknown transaction line fields: colour"),
        ("balancing", {"vat_code": "2"}, "no base line"),
        ("base", {"gl_account_code": ""}, "gl_account_code"),
    ],
)
def test_a_change_the_entry_cannot_take_is_refused_and_changes_nothing(
    role: str, fields: dict[str, object], message: str
) -> None:
    admin = generate_administration("a", "A", 1, DataSizes(transaction_lines=300))
    line = next(
        r for r in admin.of(T.TRANSACTION_LINE) if r["line_role"] == role and r["vat_code"] != "0"
    )
    version = admin.version
    with pytest.raises(ValueError, match=message):
        update_line(admin, line["id"], fields, NOW)
    assert admin.version == version


def test_a_delete_removes_the_whole_entry_and_a_new_entry_is_whole() -> None:
    admin = generate_administration("a", "A", 1, DataSizes(transaction_lines=300))
    line = admin.of(T.TRANSACTION_LINE)[7]
    members = {r["id"] for r in entry_lines(admin, line["id"])}
    assert set(delete_entry(admin, line["id"], NOW)) == members and len(members) >= 2
    assert not members & set(admin.table(T.TRANSACTION_LINE))
    assert members <= {t.id for t in admin.tombstones}
    created = add_entry(admin, random.Random(3), NOW, size=4)
    assert len(created) == 4 and len({r["entry_id"] for r in created}) == 1
    numbers = {r["entry_number"] for r in admin.of(T.TRANSACTION_LINE) if r["line_number"] == 1}
    assert len(numbers) == len(entries(admin))
    assert_balanced(admin)


def test_entry_changes_in_a_million_lines_read_only_the_chunks_they_touch() -> None:
    admin = generate_administration("big", "Big", 42, DataSizes(transaction_lines=1_000_000))
    table = admin.table(T.TRANSACTION_LINE)
    middle = table.page_by_version(admin.version - 500_000, 3)
    update_line(admin, middle[1]["id"], {"description": "Nieuw"}, NOW)
    delete_entry(admin, middle[0]["id"], NOW)
    add_entry(admin, random.Random(1), NOW)
    apply_mutations(
        admin,
        Mutations(entity_type=T.TRANSACTION_LINE, create=2, update=2, delete=2),
        NOW,
        lambda r: str(r["id"]),
    )
    # a thousand chunks in all; the sampled lines and the entries they touch need a few
    assert table.base.chunk.cache_info().misses <= 20  # type: ignore[attr-defined]


@pytest.mark.parametrize("count", [1, 2, 3, 1_001, 2_999])
def test_every_size_is_whole_entries_and_none_crosses_a_chunk(count: int) -> None:
    admin = generate_administration("a", "A", 5, DataSizes(transaction_lines=count))
    assert len(admin.table(T.TRANSACTION_LINE)) == count
    if count > 1:  # a single line is a memorial line of 0.00: nothing to debit or credit
        assert_balanced(admin)
    for lines in entries(admin).values():
        positions = {int(line["id"][-12:], 16) // 1_000 for line in lines}
        assert len(positions) == 1, "an entry crosses a chunk"
        assert sum(line["amount"] for line in lines) == 0
