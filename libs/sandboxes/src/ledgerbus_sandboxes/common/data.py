"""The truth a sandbox serves: per administration, package-neutral records of every type.

Generation is seeded, so the same seed and sizes always give the same records, ids
and amounts. Each record has a stable ``id``, a ``version`` that grows with every
change within its administration (Exact serves it as the rowversion ``Timestamp``),
and a ``modified`` time. Entries are balanced: the lines of one entry sum to zero.
Transaction lines are generated lazily (:mod:`ledgerbus_sandboxes.common.lines`), so
a million of them cost nothing until they are read.
Hard deletes leave a tombstone with the deleting version, for packages that report
deletes (Exact's ``sync/Deleted``).
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from dataclasses import dataclass, field
from decimal import Decimal

from ledgerbus_contracts import EntityType
from ledgerbus_sandboxes.common.lines import LazyLines, LineContext
from ledgerbus_sandboxes.common.table import Record, RecordTable

EPOCH = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class DataSizes:
    """How many records of each kind to generate for one administration."""

    gl_accounts: int = 60
    contacts: int = 40
    projects: int = 8
    cost_centers: int = 6
    cost_units: int = 4
    payment_terms: int = 30
    transaction_lines: int = 2_000
    fiscal_years: tuple[int, ...] = (2025, 2026)


@dataclass
class Tombstone:
    """A hard-deleted record, as a package that reports deletes remembers it."""

    entity_type: EntityType
    id: str
    version: int
    deleted_at: dt.datetime


@dataclass
class AdministrationData:
    """One administration's records by entity type and id, and its deletions."""

    key: str
    name: str
    records: dict[EntityType, RecordTable] = field(default_factory=dict)
    tombstones: list[Tombstone] = field(default_factory=list)
    version: int = 0

    def table(self, entity_type: EntityType) -> RecordTable:
        """The live records of one type (an empty table for a type it has none of)."""
        found = self.records.get(entity_type)
        return found if found is not None else RecordTable()

    def of(self, entity_type: EntityType) -> list[Record]:
        """The live records of one type, in version order (all of them: mind the size)."""
        return list(self.table(entity_type).rows())

    def counts(self) -> dict[str, int]:
        """The number of live records per entity type."""
        return {str(t): len(rows) for t, rows in self.records.items()}

    def next_version(self) -> int:
        self.version += 1
        return self.version

    def upsert(self, entity_type: EntityType, record: Record, now: dt.datetime) -> Record:
        """Add or change a record; it gets a new version and modified time."""
        table = self.records.setdefault(entity_type, RecordTable())
        stored = {**table.get(record["id"], {}), **record}
        stored["version"], stored["modified"] = self.next_version(), now
        table[stored["id"]] = stored
        return stored

    def delete(self, entity_type: EntityType, record_id: str, now: dt.datetime) -> bool:
        """Hard-delete a record, leaving a tombstone."""
        if self.table(entity_type).pop(record_id, None) is None:
            return False
        self.tombstones.append(Tombstone(entity_type, record_id, self.next_version(), now))
        return True


@dataclass
class SandboxData:
    """Every administration a sandbox serves, by its package-side key."""

    administrations: dict[str, AdministrationData] = field(default_factory=dict)

    def get(self, key: str) -> AdministrationData | None:
        return self.administrations.get(key)


def generate_administration(
    key: str, name: str, seed: int, sizes: DataSizes | None = None
) -> AdministrationData:
    """Seeded records for one administration."""
    sizes = sizes or DataSizes()
    gen = _Generator(AdministrationData(key, name), seed, key)
    gen.build(sizes)
    return gen.data


class _Generator:
    def __init__(self, data: AdministrationData, seed: int, key: str) -> None:
        self.data, self.seed, self.key = data, seed, key
        self.rnd = random.Random(f"{seed}:{key}")
        self.moment = EPOCH

    def uid(self, kind: str, n: int) -> str:
        return str(uuid.uuid5(uuid.NAMESPACE_URL, f"ledgerbus-sandbox/{self.key}/{kind}/{n}"))

    def add(self, entity_type: EntityType, record: Record) -> None:
        self.moment += dt.timedelta(seconds=self.rnd.randint(1, 600))
        self.data.upsert(entity_type, record, self.moment)

    def build(self, sizes: DataSizes) -> None:
        t = EntityType
        for n, (code, pct, kind) in enumerate(
            [
                ("0", "0", "none"),
                ("1", "0.09", "sales"),
                ("2", "0.21", "sales"),
                ("5", "0.09", "purchase"),
                ("6", "0.21", "purchase"),
            ]
        ):
            self.add(
                t.VAT_CODE,
                {
                    "id": self.uid("vat", n),
                    "code": code,
                    "description": f"BTW {Decimal(pct) * 100:.0f}% {kind}",
                    "percentage": Decimal(pct),
                    "vat_type": kind,
                    "active": True,
                },
            )
        accounts = []
        for n in range(sizes.gl_accounts):
            balance = n < sizes.gl_accounts // 2
            code = f"{(1000 if balance else 4000) + n * 10}"
            accounts.append(code)
            self.add(
                t.GL_ACCOUNT,
                {
                    "id": self.uid("gl", n),
                    "code": code,
                    "name": f"Grootboek {code}",
                    "account_type": "balance" if balance else "profit_loss",
                    "balance_side": self.rnd.choice(["debit", "credit"]),
                    "vat_code": None,
                    "blocked": n % 29 == 28,
                },
            )
        daybooks = [
            ("KAS", "Kas", "cash"),
            ("BNK", "Bank", "bank"),
            ("VRK", "Verkoop", "sales"),
            ("INK", "Inkoop", "purchase"),
            ("MEM", "Memoriaal", "general"),
        ]
        for n, (code, name, kind) in enumerate(daybooks):
            self.add(
                t.DAYBOOK,
                {
                    "id": self.uid("daybook", n),
                    "code": code,
                    "name": name,
                    "daybook_type": kind,
                    "gl_account_code": accounts[n],
                },
            )
        for kind, count, et in (
            ("cc", sizes.cost_centers, t.COST_CENTER),
            ("cu", sizes.cost_units, t.COST_UNIT),
        ):
            for n in range(count):
                self.add(
                    et,
                    {
                        "id": self.uid(kind, n),
                        "code": f"{kind.upper()}{n + 1:03d}",
                        "name": f"{'Kostenplaats' if kind == 'cc' else 'Kostendrager'} {n + 1}",
                        "active": True,
                    },
                )
        for n in range(sizes.projects):
            start = dt.date(2025, 1 + n % 12, 1)
            self.add(
                t.PROJECT,
                {
                    "id": self.uid("project", n),
                    "code": f"P{n + 1:04d}",
                    "name": f"Project {n + 1}",
                    "start_date": start,
                    "end_date": None if n % 3 else start + dt.timedelta(days=180),
                    "active": True,
                },
            )
        for n in range(sizes.contacts):
            self.add(
                t.CONTACT,
                {
                    "id": self.uid("contact", n),
                    "code": f"{n + 1:06d}",
                    "name": f"Relatie {n + 1} BV",
                    "is_customer": n % 3 != 2,
                    "is_supplier": n % 3 != 0,
                    "vat_number": f"NL{n:09d}B01",
                    "coc_number": f"{10000000 + n}",
                    "iban": None,
                    "email": f"administratie{n + 1}@relatie.example",
                },
            )
        for year in sizes.fiscal_years:
            for period in range(1, 13):
                start = dt.date(year, period, 1)
                end = dt.date(year + period // 12, period % 12 + 1, 1) - dt.timedelta(days=1)
                self.add(
                    t.FISCAL_PERIOD,
                    {
                        "id": self.uid("period", year * 100 + period),
                        "fiscal_year": year,
                        "period": period,
                        "start_date": start,
                        "end_date": end,
                    },
                )
        for n in range(sizes.payment_terms):
            self.add(
                t.PAYMENT_TERM,
                {
                    "id": self.uid("term", n),
                    "code": f"{(n % 4 + 1) * 14}",
                    "description": f"{(n % 4 + 1) * 14} dagen",
                    "due_days": (n % 4 + 1) * 14,
                    "due_date": dt.date(2026, 1 + n % 12, 1 + n % 28),
                    "amount": Decimal(self.rnd.randint(100, 900_000)) / 100,
                    "contact_code": f"{n % max(sizes.contacts, 1) + 1:06d}",
                },
            )
        self.lines(sizes, accounts, [d[0] for d in daybooks])

    def lines(self, sizes: DataSizes, accounts: list[str], daybooks: list[str]) -> None:
        context = LineContext(
            seed=self.seed,
            key=self.key,
            count=sizes.transaction_lines,
            first_version=self.data.version + 1,
            first_modified=self.moment,
            gl_accounts=tuple(accounts),
            daybooks=tuple(daybooks),
            contacts=sizes.contacts,
            fiscal_years=sizes.fiscal_years,
        )
        self.data.records[EntityType.TRANSACTION_LINE] = RecordTable(LazyLines(context))
        self.data.version += sizes.transaction_lines
