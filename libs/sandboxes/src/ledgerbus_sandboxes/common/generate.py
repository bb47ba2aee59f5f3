"""Seeded generation of one administration's truth: every entity type, balanced entries.

The few records of the small types are made at once; transaction lines are left to
:class:`~ledgerbus_sandboxes.common.lines.LazyLines`, which makes them on demand.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from decimal import Decimal

from ledgerbus_contracts import EntityType
from ledgerbus_sandboxes.common.data import EPOCH, AdministrationData, DataSizes
from ledgerbus_sandboxes.common.lines import LazyLines, LineContext
from ledgerbus_sandboxes.common.table import Record, RecordTable


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
