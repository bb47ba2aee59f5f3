"""How one balanced journal entry is made: the chart it books on, its lines, its VAT.

A line's ``amount`` is signed (debit positive) in the base currency, EUR. Every
entry balances: its lines sum to zero. Line 1 of an entry is its *balancing* line
(the customer's receivable of a sales invoice, the supplier's payable of a purchase
invoice, the bank or cash line, the first line of a memorial entry): its amount is
minus the sum of the others. Sales and purchase entries have *base* lines (revenue
or costs) with a VAT code and the VAT on that line (``vat_amount``, rounded to the
cent, signed as the line), and one *VAT* line per VAT code with a non-zero rate that
carries the sum of its base lines' VAT on the VAT account (its own ``vat_amount`` is
None); a base line at the 0 % code has a ``vat_amount`` of 0.00 and no VAT line. The
role of each line is kept in ``line_role`` (``balancing``, ``base``, ``vat``), a
sandbox-only key. The only entry of one line (when a size leaves a single line over)
is a memorial line of 0.00.

Sales entries book on a customer, purchase entries on a supplier, bank entries settle
a customer's receivable or a supplier's payable (or book bank costs); an entry's
``fiscal_year`` and ``fiscal_period`` are the year and month of its date.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property
from itertools import accumulate

from ledgerbus_sandboxes.common.table import Record

BASE_CURRENCY = "EUR"
CENT = Decimal("0.01")
BALANCING, BASE, VAT = "balancing", "base", "vat"

DAYBOOK_KINDS = {"cash", "bank", "sales", "purchase", "general"}
_KIND_WEIGHTS = (("sales", 35), ("purchase", 30), ("bank", 20), ("cash", 5), ("general", 10))
_LABELS = {
    "sales": "Verkoopfactuur",
    "purchase": "Inkoopfactuur",
    "bank": "Bankafschrift",
    "cash": "Kasboeking",
    "general": "Memoriaal",
}


@dataclass(frozen=True)
class VatRate:
    """A VAT code's rate (a fraction, as 0.21) and whether it is for sales or purchases."""

    code: str
    percentage: Decimal
    kind: str


@dataclass(frozen=True)
class Chart:
    """What entries book on: accounts by role, relations by side, daybooks, VAT, years."""

    cash: str
    bank: str
    receivables: str
    payables: str
    vat_payable: str
    vat_receivable: str
    revenue: tuple[str, ...]
    costs: tuple[str, ...]
    other: tuple[str, ...]
    customers: tuple[str, ...]
    suppliers: tuple[str, ...]
    daybooks: tuple[tuple[str, str], ...]
    vat: tuple[VatRate, ...]
    years: tuple[int, ...]

    def rates(self) -> dict[str, VatRate]:
        """The chart's VAT rates by code (a fresh dict the caller may change)."""
        return dict(self._rates)

    def vat_account(self, rate: VatRate) -> str:
        return self.vat_receivable if rate.kind == "purchase" else self.vat_payable

    @cached_property
    def _rates(self) -> dict[str, VatRate]:
        return {rate.code: rate for rate in self.vat}

    @cached_property
    def _codes(self) -> dict[str, tuple[str, ...]]:
        """Daybook codes by kind (a kind without a daybook books in the last one)."""
        fallback = (self.daybooks[-1][0],) if self.daybooks else ("MEM",)
        found = {k: tuple(c for c, kind in self.daybooks if kind == k) for k in DAYBOOK_KINDS}
        return {k: codes or fallback for k, codes in found.items()}

    @cached_property
    def _taxed(self) -> dict[str, tuple[VatRate, ...]]:
        return {k: tuple(r for r in self.vat if r.kind == k and r.percentage) for k in _SIDES}

    @cached_property
    def _zero(self) -> VatRate | None:
        return next((r for r in self.vat if not r.percentage), None)

    @cached_property
    def _pools(self) -> dict[str, tuple[str, ...]]:
        """Accounts to draw from: never empty while the chart has any account at all."""
        fallback = self.other or self.costs or self.revenue or (self.bank,)
        return {
            "revenue": self.revenue or fallback,
            "costs": self.costs or fallback,
            "other": self.other or fallback,
            "general": (self.other + self.costs + self.revenue) or fallback,
        }


_SIDES = ("sales", "purchase")
_KINDS = tuple(k for k, _ in _KIND_WEIGHTS)
_CUMULATIVE = tuple(accumulate(w for _, w in _KIND_WEIGHTS))
_LINE_DEFAULTS: Record = {
    "cost_center_code": None,
    "cost_unit_code": None,
    "project_code": None,
    "vat_amount": None,
}
Part = tuple[str, str, str | None, Decimal, str | None]
"""(role, GL account, relation, amount, VAT code) of a line in the making."""


def vat_on(amount: Decimal, rate: VatRate | None) -> Decimal | None:
    """The VAT on a base amount, rounded half up to the cent, signed as the amount."""
    if rate is None:
        return None
    return (amount * rate.percentage).quantize(CENT, rounding=ROUND_HALF_UP)


def period_of(date: dt.date) -> tuple[int, int]:
    """(fiscal year, fiscal period) of a date: calendar years, a period a month."""
    return date.year, date.month


def money(rnd: random.Random, low: int, high: int) -> Decimal:
    """A seeded amount between ``low`` and ``high`` euros, in cents."""
    return Decimal(rnd.randrange(low * 100, high * 100 + 1)) / 100


def compose(rnd: random.Random, chart: Chart, size: int, entry_number: int) -> list[Record]:
    """The lines of one new entry of exactly ``size`` lines (at least 1), settled.

    The lines carry all but what the caller gives them: ids, versions, times.
    A single line cannot balance anything but nothing: it is a zero memorial line.
    """
    draw = rnd.random() * _CUMULATIVE[-1]
    kind = (
        "general"
        if size < 2
        else next(k for k, c in zip(_KINDS, _CUMULATIVE, strict=True) if draw < c)
    )
    daybook = rnd.choice(chart._codes[kind])
    year = rnd.choice(chart.years)
    date = dt.date.fromordinal(dt.date(year, 1, 1).toordinal() + rnd.randrange(365))
    if size < 2:
        parts: list[Part] = [(BALANCING, rnd.choice(chart._pools["other"]), None, ZERO, None)]
    else:
        parts = _BUILDERS[kind](rnd, chart, size)
    label = f"{_LABELS[kind]} {entry_number} regel "
    lines: list[Record] = [
        {
            **_LINE_DEFAULTS,
            "entry_number": entry_number,
            "line_number": number,
            "date": date,
            "fiscal_year": date.year,
            "fiscal_period": date.month,
            "daybook_code": daybook,
            "currency": BASE_CURRENCY,
            "line_role": role,
            "gl_account_code": account,
            "contact_code": contact,
            "description": f"{label}{number}",
            "amount": amount,
            "vat_code": vat_code,
        }
        for number, (role, account, contact, amount, vat_code) in enumerate(parts, start=1)
    ]
    _settle(lines, chart._rates, chart, None)
    return lines


def settle(
    lines: list[Record],
    rates: Mapping[str, VatRate],
    chart: Chart,
    dirty: set[int] | None = None,
) -> tuple[list[Record], list[Record]]:
    """An entry made whole again after its lines changed: (its lines, the lines it lost).

    The VAT of the base lines in ``dirty`` (line numbers; all when None) is
    recomputed, each VAT line carries the VAT of its code's base lines (a missing
    one is added without an id, one no longer needed is lost), the balancing line
    takes minus the sum of the others, and in the base currency ``amount_fc``
    follows ``amount``. The lines given are not changed. Raises ValueError for a VAT
    code it does not know.
    """
    return _settle([dict(line) for line in lines], rates, chart, dirty)


def _settle(
    out: list[Record], rates: Mapping[str, VatRate], chart: Chart, dirty: set[int] | None
) -> tuple[list[Record], list[Record]]:
    """:func:`settle` on lines it may change in place."""
    owed: dict[str, Decimal] = {}
    vat_lines: dict[str, Record] = {}
    lost: list[Record] = []
    for line in out:
        role = line.get("line_role")
        if role == VAT:
            vat_lines.setdefault(line["vat_code"], line)
        elif role == BASE:
            code = line.get("vat_code")
            if dirty is None or line["line_number"] in dirty:
                if code is not None and code not in rates:
                    raise ValueError(f"unknown VAT code {code!r}")
                line["vat_amount"] = vat_on(line["amount"], rates[code]) if code else None
            rate = rates.get(code) if code else None
            if rate is not None and rate.percentage:
                owed[rate.code] = owed.get(rate.code, ZERO) + line["vat_amount"]
    if any(line.get("line_role") == VAT and line["vat_code"] not in owed for line in out):
        lost = [
            line for line in out if line.get("line_role") == VAT and line["vat_code"] not in owed
        ]
        out = [line for line in out if line.get("line_role") != VAT or line["vat_code"] in owed]
    number = max((int(line.get("line_number") or 0) for line in out), default=0)
    for code, amount in owed.items():
        if code not in vat_lines:
            number += 1
            head = {k: out[0][k] for k in ENTRY_KEYS if k in out[0]}
            vat_lines[code] = {
                **_LINE_DEFAULTS,
                **head,
                "line_role": VAT,
                "line_number": number,
                "gl_account_code": chart.vat_account(rates[code]),
                "contact_code": None,
                "description": "BTW",
                "vat_code": code,
            }
            out.append(vat_lines[code])
        vat_lines[code]["amount"] = amount
    balancing = next((line for line in out if line.get("line_role") == BALANCING), out[0])
    rest = sum((line["amount"] for line in out if line is not balancing), ZERO)
    balancing["amount"] = -rest if rest else ZERO
    for line in out:
        if line.get("currency", BASE_CURRENCY) == BASE_CURRENCY:
            line["amount_fc"] = line["amount"]
    return out, lost


ZERO = Decimal("0.00")
ENTRY_KEYS = frozenset(
    ("entry_id", "entry_number", "date", "fiscal_year", "fiscal_period", "daybook_code", "currency")
)
"""The fields every line of one entry shares."""


def _invoice(rnd: random.Random, chart: Chart, size: int, sales: bool) -> list[Part]:
    """Sales (credit revenue, a customer owes) or purchase (debit costs, owed to a supplier)."""
    taxed = chart._taxed["sales" if sales else "purchase"]
    zero = chart._zero
    room = size - 1  # base lines and VAT lines
    options = [v for v in range(min(len(taxed), 2) + 1) if room - v >= max(v, 1)]
    if zero is None:
        options = [v for v in options if v > 0] or options
    vat_lines = rnd.choices(options, [_VAT_LINE_WEIGHTS[v] for v in options])[0]
    chosen = rnd.sample(taxed, vat_lines)
    relations = chart.customers if sales else chart.suppliers
    account = chart.receivables if sales else chart.payables
    pool = chart._pools["revenue" if sales else "costs"]
    parts: list[Part] = [(BALANCING, account, _contact(rnd, relations), ZERO, None)]
    for n in range(room - vat_lines):
        rate = chosen[n] if n < len(chosen) else (rnd.choice(chosen) if chosen else zero)
        amount = money(rnd, 25, 5_000)
        code = rate.code if rate else None
        parts.append((BASE, rnd.choice(pool), None, -amount if sales else amount, code))
    parts += [(VAT, chart.vat_account(rate), None, ZERO, rate.code) for rate in chosen]
    return parts


_VAT_LINE_WEIGHTS = {0: 1, 1: 6, 2: 3}


def _contact(rnd: random.Random, relations: tuple[str, ...]) -> str | None:
    return rnd.choice(relations) if relations else None


def _bank(rnd: random.Random, chart: Chart, size: int) -> list[Part]:
    """Receipts from customers, payments to suppliers and bank costs on one statement."""
    parts: list[Part] = [(BALANCING, chart.bank, None, ZERO, None)]
    for _ in range(size - 1):
        draw = rnd.random()
        if draw < 0.45 and chart.customers:
            contact = rnd.choice(chart.customers)
            parts.append((BASE, chart.receivables, contact, -money(rnd, 25, 6_000), None))
        elif draw < 0.9 and chart.suppliers:
            contact = rnd.choice(chart.suppliers)
            parts.append((BASE, chart.payables, contact, money(rnd, 25, 6_000), None))
        else:
            parts.append((BASE, rnd.choice(chart._pools["costs"]), None, money(rnd, 1, 60), None))
    return parts


def _cash(rnd: random.Random, chart: Chart, size: int) -> list[Part]:
    """Small expenses paid from the till."""
    costs = chart._pools["costs"]
    parts: list[Part] = [(BALANCING, chart.cash, None, ZERO, None)]
    parts += [(BASE, rnd.choice(costs), None, money(rnd, 2, 250), None) for _ in range(size - 1)]
    return parts


def _general(rnd: random.Random, chart: Chart, size: int) -> list[Part]:
    """Memorial entries: accruals and reclassifications between any accounts."""
    pool = chart._pools["general"]
    parts: list[Part] = [(BALANCING, rnd.choice(chart._pools["other"]), None, ZERO, None)]
    for _ in range(size - 1):
        amount = money(rnd, 10, 5_000)
        parts.append(
            (BASE, rnd.choice(pool), None, amount if rnd.random() < 0.5 else -amount, None)
        )
    return parts


_BUILDERS: dict[str, Callable[[random.Random, Chart, int], list[Part]]] = {
    "sales": lambda rnd, chart, size: _invoice(rnd, chart, size, sales=True),
    "purchase": lambda rnd, chart, size: _invoice(rnd, chart, size, sales=False),
    "bank": _bank,
    "cash": _cash,
    "general": _general,
}
