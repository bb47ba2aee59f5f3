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
from ledgerbus_sandboxes.common.booking import Chart, VatRate
from ledgerbus_sandboxes.common.data import EPOCH, AdministrationData, DataSizes
from ledgerbus_sandboxes.common.lines import LazyLines, LineContext
from ledgerbus_sandboxes.common.table import Record, RecordTable

VAT_CODES = (
    ("0", "0", "none", "Geen BTW (0%)"),
    ("1", "0.09", "sales", "BTW verkopen laag 9%"),
    ("2", "0.21", "sales", "BTW verkopen hoog 21%"),
    ("5", "0.09", "purchase", "BTW inkopen laag 9%"),
    ("6", "0.21", "purchase", "BTW inkopen hoog 21%"),
)
"""(code, rate, kind, description): the Dutch rates 21 %, 9 % and 0 % (none)."""
BALANCE_ROLES = (
    ("Kas", "debit"),
    ("Bank", "debit"),
    ("Debiteuren", "debit"),
    ("Crediteuren", "credit"),
    ("Af te dragen BTW", "credit"),
    ("Te vorderen BTW", "debit"),
)
"""The first balance accounts: cash, bank, receivables, payables, VAT to pay, VAT to claim."""
DAYBOOKS = (
    ("KAS", "Kas", "cash"),
    ("BNK", "Bank", "bank"),
    ("VRK", "Verkoop", "sales"),
    ("INK", "Inkoop", "purchase"),
    ("MEM", "Memoriaal", "general"),
)


def _contact_code(n: int) -> str:
    return f"{n + 1:06d}"


def _customer(n: int) -> bool:
    """Two relations in three are customers, the third a supplier (never both)."""
    return n % 3 != 2


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
        for n, (code, pct, kind, description) in enumerate(VAT_CODES):
            self.add(
                t.VAT_CODE,
                {
                    "id": self.uid("vat", n),
                    "code": code,
                    "description": description,
                    "percentage": Decimal(pct),
                    "vat_type": kind,
                    "active": True,
                },
            )
        balance, profit_loss = self.gl_accounts(sizes.gl_accounts)
        role = balance or profit_loss
        chart = Chart(
            cash=role[0 % len(role)],
            bank=role[1 % len(role)],
            receivables=role[2 % len(role)],
            payables=role[3 % len(role)],
            vat_payable=role[4 % len(role)],
            vat_receivable=role[5 % len(role)],
            revenue=tuple(profit_loss[: max(len(profit_loss) // 3, 1)]),
            costs=tuple(profit_loss[max(len(profit_loss) // 3, 1) :]),
            other=tuple(balance[len(BALANCE_ROLES) :]),
            customers=tuple(_contact_code(n) for n in range(sizes.contacts) if _customer(n)),
            suppliers=tuple(_contact_code(n) for n in range(sizes.contacts) if not _customer(n)),
            daybooks=tuple((code, kind) for code, _, kind in DAYBOOKS),
            vat=tuple(VatRate(code, Decimal(pct), kind) for code, pct, kind, _ in VAT_CODES),
            years=sizes.fiscal_years,
        )
        daybook_accounts = {
            "cash": chart.cash,
            "bank": chart.bank,
            "sales": chart.receivables,
            "purchase": chart.payables,
        }
        for n, (code, name, kind) in enumerate(DAYBOOKS):
            self.add(
                t.DAYBOOK,
                {
                    "id": self.uid("daybook", n),
                    "code": code,
                    "name": name,
                    "daybook_type": kind,
                    "gl_account_code": daybook_accounts.get(kind),
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
                    "code": _contact_code(n),
                    "name": f"{'Klant' if _customer(n) else 'Leverancier'} {n + 1} BV",
                    "is_customer": _customer(n),
                    "is_supplier": not _customer(n),
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
                    "contact_code": _contact_code(n % max(sizes.contacts, 1)),
                },
            )
        self.lines(sizes, chart)

    def gl_accounts(self, count: int) -> tuple[list[str], list[str]]:
        """The chart of accounts: the first half balance accounts (the roles first), then
        profit and loss (a third revenue, the rest costs); returns the codes of each."""
        balance: list[str] = []
        profit_loss: list[str] = []
        for n in range(count):
            is_balance = n < count // 2
            code = f"{(1000 if is_balance else 4000) + n * 10}"
            if is_balance:
                name, side = BALANCE_ROLES[n] if n < len(BALANCE_ROLES) else ("Balans", "")
                side = side or ("debit" if n % 2 else "credit")
                balance.append(code)
            else:
                revenue = len(profit_loss) < max((count - count // 2) // 3, 1)
                name, side = ("Omzet", "credit") if revenue else ("Kosten", "debit")
                profit_loss.append(code)
            self.add(
                EntityType.GL_ACCOUNT,
                {
                    "id": self.uid("gl", n),
                    "code": code,
                    "name": f"{name} {code}",
                    "account_type": "balance" if is_balance else "profit_loss",
                    "balance_side": side,
                    "vat_code": None,
                    "blocked": n % 29 == 28,
                },
            )
        return balance, profit_loss

    def lines(self, sizes: DataSizes, chart: Chart) -> None:
        context = LineContext(
            seed=self.seed,
            key=self.key,
            count=sizes.transaction_lines,
            first_version=self.data.version + 1,
            first_modified=self.moment,
            chart=chart,
        )
        self.data.chart = chart
        self.data.records[EntityType.TRANSACTION_LINE] = RecordTable(LazyLines(context))
        self.data.version += sizes.transaction_lines
