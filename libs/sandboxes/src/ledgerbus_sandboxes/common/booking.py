"""How one balanced journal entry is made: the chart it books on, its lines, its VAT.

A line's ``amount`` is signed (debit positive) in the base currency, EUR. Every
entry balances: its lines sum to zero. Line 1 of an entry is its *balancing* line
(the customer's receivable of a sales invoice, the supplier's payable of a purchase
invoice, the bank or cash line, the first line of a memorial entry): its amount is
minus the sum of the others. Sales and purchase entries have *base* lines (revenue
or costs) with a VAT code and the VAT on that line (``vat_amount``, rounded to the
cent, signed as the line), and one *VAT* line per VAT code with a non-zero rate that
carries the sum of its base lines' VAT on the VAT account. The role of each line is
kept in ``line_role`` (``balancing``, ``base``, ``vat``), a sandbox-only key.

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
        return {rate.code: rate for rate in self.vat}

    def daybook_kind(self, code: str | None) -> str:
        return next((kind for c, kind in self.daybooks if c == code), "general")

    def vat_account(self, rate: VatRate) -> str:
        return self.vat_receivable if rate.kind == "purchase" else self.vat_payable


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
    return Decimal(rnd.randint(low * 100, high * 100)) / 100


def compose(rnd: random.Random, chart: Chart, size: int, entry_number: int) -> list[Record]:
    """The lines of one new entry of exactly ``size`` lines (at least 1), settled.

    The lines carry all but what the caller gives them: ids, versions, times.
    A single line cannot balance anything but nothing: it is a zero memorial line.
    """
    kind = rnd.choices([k for k, _ in _KIND_WEIGHTS], [w for _, w in _KIND_WEIGHTS])[0]
    if size < 2:
        kind = "general"
    codes = [c for c, k in chart.daybooks if k == kind] or [chart.daybooks[-1][0]]
    daybook = rnd.choice(codes)
    year = rnd.choice(chart.years)
    date = dt.date(year, 1, 1) + dt.timedelta(days=rnd.randrange(365))
    lines = _BUILDERS[kind](rnd, chart, size) if size >= 2 else [_line(BALANCING, "", None)]
    lines[0]["gl_account_code"] = lines[0]["gl_account_code"] or _pick(rnd, chart.other, chart)
    fiscal_year, fiscal_period = period_of(date)
    for number, line in enumerate(lines, start=1):
        line |= {
            "entry_number": entry_number,
            "line_number": number,
            "date": date,
            "fiscal_year": fiscal_year,
            "fiscal_period": fiscal_period,
            "daybook_code": daybook,
            "description": f"{_LABELS[kind]} {entry_number} regel {number}",
            "currency": BASE_CURRENCY,
        }
    settled, _ = settle(lines, chart.rates(), chart)
    return settled


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
    follows ``amount``. Raises ValueError for a VAT code it does not know.
    """
    out = [dict(line) for line in lines]
    for line in out:
        if line.get("line_role") == BASE and (dirty is None or line["line_number"] in dirty):
            code = line.get("vat_code")
            if code is not None and code not in rates:
                raise ValueError(f"unknown VAT code {code!r}")
            line["vat_amount"] = vat_on(line["amount"], rates.get(code) if code else None)
    owed: dict[str, Decimal] = {}
    for line in out:
        rate = rates.get(line.get("vat_code") or "")
        if line.get("line_role") == BASE and rate is not None and rate.percentage:
            owed[rate.code] = owed.get(rate.code, Decimal(0)) + (line["vat_amount"] or 0)
    kept = [line for line in out if line.get("line_role") != VAT or line["vat_code"] in owed]
    lost = [line for line in out if line.get("line_role") == VAT and line["vat_code"] not in owed]
    have = {line["vat_code"]: line for line in kept if line.get("line_role") == VAT}
    number = max((int(line.get("line_number") or 0) for line in out), default=0)
    for code, amount in owed.items():
        if code not in have:
            number += 1
            head = {k: out[0][k] for k in _ENTRY_KEYS if k in out[0]}
            have[code] = _line(VAT, chart.vat_account(rates[code]), None) | head
            have[code] |= {"line_number": number, "vat_code": code, "description": "BTW"}
            kept.append(have[code])
        have[code]["amount"] = amount
    balancing = next((line for line in kept if line.get("line_role") == BALANCING), kept[0])
    rest = sum((line["amount"] for line in kept if line is not balancing), Decimal("0.00"))
    balancing["amount"] = -rest if rest else Decimal("0.00")
    for line in kept:
        if line.get("currency", BASE_CURRENCY) == BASE_CURRENCY:
            line["amount_fc"] = line["amount"]
    return kept, lost


_ENTRY_KEYS = (
    "entry_id",
    "entry_number",
    "date",
    "fiscal_year",
    "fiscal_period",
    "daybook_code",
    "currency",
)
ENTRY_KEYS = frozenset(_ENTRY_KEYS)
"""The fields every line of one entry shares."""


def _line(role: str, account: str, contact: str | None) -> Record:
    return {
        "line_role": role,
        "gl_account_code": account,
        "contact_code": contact,
        "cost_center_code": None,
        "cost_unit_code": None,
        "project_code": None,
        "amount": Decimal(0),
        "vat_code": None,
        "vat_amount": None,
    }


def _pick(rnd: random.Random, accounts: tuple[str, ...], chart: Chart) -> str:
    pool = accounts or chart.other or chart.costs or chart.revenue or (chart.bank,)
    return rnd.choice(pool)


def _contact(rnd: random.Random, relations: tuple[str, ...]) -> str | None:
    return rnd.choice(relations) if relations else None


def _invoice(rnd: random.Random, chart: Chart, size: int, sales: bool) -> list[Record]:
    """Sales (credit revenue, a customer owes) or purchase (debit costs, owed to a supplier)."""
    kind = "sales" if sales else "purchase"
    taxed = [r for r in chart.vat if r.kind == kind and r.percentage]
    zero = next((r for r in chart.vat if not r.percentage), None)
    room = size - 1  # base lines and VAT lines
    options = [v for v in range(min(len(taxed), 2) + 1) if room - v >= max(v, 1)]
    if zero is None:
        options = [v for v in options if v > 0] or options
    weights = [{0: 1, 1: 6, 2: 3}[v] for v in options]
    vat_lines = rnd.choices(options, weights)[0]
    chosen = rnd.sample(taxed, vat_lines)
    account = chart.receivables if sales else chart.payables
    relations = chart.customers if sales else chart.suppliers
    lines = [_line(BALANCING, account, _contact(rnd, relations))]
    for n in range(room - vat_lines):
        rate = chosen[n] if n < len(chosen) else (rnd.choice(chosen) if chosen else zero)
        base = _line(BASE, _pick(rnd, chart.revenue if sales else chart.costs, chart), None)
        amount = money(rnd, 25, 5_000)
        base |= {"amount": -amount if sales else amount, "vat_code": rate.code if rate else None}
        lines.append(base)
    for rate in chosen:
        lines.append(_line(VAT, chart.vat_account(rate), None) | {"vat_code": rate.code})
    return lines


def _bank(rnd: random.Random, chart: Chart, size: int) -> list[Record]:
    """Receipts from customers, payments to suppliers and bank costs on one statement."""
    lines = [_line(BALANCING, chart.bank, None)]
    for _ in range(size - 1):
        draw = rnd.random()
        if draw < 0.45 and chart.customers:
            line = _line(BASE, chart.receivables, _contact(rnd, chart.customers))
            line["amount"] = -money(rnd, 25, 6_000)
        elif draw < 0.9 and chart.suppliers:
            line = _line(BASE, chart.payables, _contact(rnd, chart.suppliers))
            line["amount"] = money(rnd, 25, 6_000)
        else:
            line = _line(BASE, _pick(rnd, chart.costs, chart), None)
            line["amount"] = money(rnd, 1, 60)
        lines.append(line)
    return lines


def _cash(rnd: random.Random, chart: Chart, size: int) -> list[Record]:
    """Small expenses paid from the till."""
    lines = [_line(BALANCING, chart.cash, None)]
    for _ in range(size - 1):
        line = _line(BASE, _pick(rnd, chart.costs, chart), None)
        lines.append(line | {"amount": money(rnd, 2, 250)})
    return lines


def _general(rnd: random.Random, chart: Chart, size: int) -> list[Record]:
    """Memorial entries: accruals and reclassifications between any accounts."""
    pool = chart.other + chart.costs + chart.revenue
    lines = [_line(BALANCING, _pick(rnd, chart.other, chart), None)]
    for _ in range(size - 1):
        line = _line(BASE, _pick(rnd, pool, chart), None)
        amount = money(rnd, 10, 5_000)
        lines.append(line | {"amount": amount if rnd.random() < 0.5 else -amount})
    return lines


_BUILDERS: dict[str, Callable[[random.Random, Chart, int], list[Record]]] = {
    "sales": lambda rnd, chart, size: _invoice(rnd, chart, size, sales=True),
    "purchase": lambda rnd, chart, size: _invoice(rnd, chart, size, sales=False),
    "bank": _bank,
    "cash": _cash,
    "general": _general,
}
