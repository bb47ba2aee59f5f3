"""The package-neutral truth: seeded, balanced, Decimal, and cheap at a million lines."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from ledgerbus_contracts import EntityType
from ledgerbus_sandboxes.common import DataSizes, generate_administration

T = EntityType
NOW = dt.datetime(2026, 11, 23, 12, tzinfo=dt.UTC)


def test_the_same_seed_gives_the_same_records_and_another_seed_others() -> None:
    def lines(seed: int) -> list[tuple[str, Decimal]]:
        admin = generate_administration("100001", "A", seed, DataSizes(transaction_lines=3_000))
        return [(r["id"], r["amount"]) for r in admin.of(T.TRANSACTION_LINE)]

    assert lines(42) == lines(42)
    assert [a for _, a in lines(42)] != [a for _, a in lines(7)]


def test_every_entity_type_is_generated_and_counted() -> None:
    admin = generate_administration("a", "A", 1, DataSizes(transaction_lines=500))
    counts = admin.counts()
    assert set(counts) == {str(t) for t in EntityType}
    assert counts["transaction_line"] == 500 and counts["gl_account"] == 60
    assert counts["fiscal_period"] == 24


def test_entries_balance_in_decimal_and_versions_grow() -> None:
    admin = generate_administration("a", "A", 3, DataSizes(transaction_lines=4_321))
    lines = admin.of(T.TRANSACTION_LINE)
    totals: dict[str, Decimal] = {}
    for line in lines:
        assert isinstance(line["amount"], Decimal)
        totals[line["entry_id"]] = totals.get(line["entry_id"], Decimal(0)) + line["amount"]
    assert len(lines) == 4_321 and set(totals.values()) == {Decimal(0)}
    versions = [r["version"] for r in lines]
    assert versions == sorted(versions) and len(set(versions)) == len(versions)
    assert max(versions) == admin.version


def test_a_million_lines_cost_nothing_until_a_page_is_read() -> None:
    admin = generate_administration("big", "Big", 42, DataSizes(transaction_lines=1_000_000))
    table = admin.table(T.TRANSACTION_LINE)
    assert len(table) == 1_000_000
    middle = table.page_by_version(admin.version - 500_000, 1_000)
    assert len(middle) == 1_000
    assert table[middle[10]["id"]] == middle[10]
    last = table.page_by_version(admin.version - 3, 1_000)
    assert [r["version"] for r in last] == [admin.version - 2, admin.version - 1, admin.version]


def test_changes_and_deletes_come_after_the_seeded_records() -> None:
    admin = generate_administration("a", "A", 1, DataSizes(transaction_lines=2_000))
    table = admin.table(T.TRANSACTION_LINE)
    seeded = admin.version
    victim, changed = table.sample_ids(random.Random(1), 2)
    admin.upsert(T.TRANSACTION_LINE, {"id": changed, "description": "gewijzigd"}, NOW)
    assert admin.delete(T.TRANSACTION_LINE, victim, NOW)
    assert not admin.delete(T.TRANSACTION_LINE, victim, NOW)
    assert len(table) == 1_999 and victim not in table
    after = table.page_by_version(seeded, 10)
    assert [(r["id"], r["description"]) for r in after] == [(changed, "gewijzigd")]
    assert [t.id for t in admin.tombstones] == [victim]
    by_id = [r["id"] for r in table.page_by_id("", 5_000)]
    assert by_id == sorted(by_id) and len(by_id) == 1_999 and changed in by_id
