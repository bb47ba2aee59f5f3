"""The checks a posting passes before anything is sent: the package's rules, on the mirror.

Plain functions over a :class:`Mirror` (what the ledger-store holds of the administration).
Every problem is reported at once, each with where it is (``loc``) and what is wrong.

- Amounts have at most two decimals. Invoice lines are net amounts: the package adds the
  VAT and books the total on the relation, so an invoice balances by construction (its
  total is not zero). Journal-entry lines are signed, debit positive, and balance with
  the VAT the package computes on each line (the rate times the amount, half up to the
  cent).
- GL accounts, the daybook, cost centres and VAT codes exist in the mirror and are active;
  the daybook's type fits the kind (sales, purchase, general).
- VAT codes: SnelStart books only ``Geen``, ``Laag`` and ``Hoog`` on a line (the
  ``btwSoort`` of its booking-line models; ``Overig`` has no rate to compute); Exact and
  Twinfield the active codes of the administration.
- Relation codes: SnelStart's ``relatiecode`` is an int32 (it refuses letters); Exact's
  account ``Code`` is a "fixed length numeric string with leading spaces, length 18"
  (picqer/exact-php-client ``Account.php``), so at most 18 digits; UNCONFIRMED for
  Twinfield (a dimension code, at most 16 letters or digits): no source gives more.
- The date falls in an open period: the period of the dossier's active period and later.
- Only packages whose connector books postings take them (SnelStart, Exact, Twinfield); SnelStart's
  memoriaalboeking lines carry no ``btwSoort``, so a journal entry for SnelStart has no
  VAT codes.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from ledgerbus_contracts.packages import declared_packages
from ledgerbus_contracts.postings import PostingKind, PostingLine, PostingRelation

CENT = Decimal("0.01")
Problem = tuple[tuple[str | int, ...], str]
"""Where (``loc``) and what."""

DAYBOOK_TYPES = {
    PostingKind.SALES_INVOICE: "sales",
    PostingKind.PURCHASE_INVOICE: "purchase",
    PostingKind.JOURNAL_ENTRY: "general",
}
SNELSTART_VAT = ("Geen", "Hoog", "Laag")


def takes_postings(package: str) -> bool:
    """Whether the package's connector books postings (its declaration says so)."""
    declared = declared_packages().get(package)
    return declared is not None and declared.takes_postings


@dataclass(frozen=True)
class Vat:
    """A VAT code of the mirror: its rate as a fraction and whether it is active."""

    rate: Decimal
    active: bool


@dataclass(frozen=True)
class Period:
    """A fiscal period of the mirror."""

    year: int
    period: int
    start: dt.date
    end: dt.date


@dataclass(frozen=True)
class Mirror:
    """What the mirror holds of one administration, for the checks."""

    package: str
    accounts: dict[str, bool] = field(default_factory=dict)
    """GL account code -> active."""
    vat: dict[str, Vat] = field(default_factory=dict)
    daybooks: dict[str, str] = field(default_factory=dict)
    """Daybook code -> daybook type."""
    cost_centers: dict[str, bool] = field(default_factory=dict)
    contacts: frozenset[str] = frozenset()
    periods: tuple[Period, ...] = ()
    active_period: str | None = None


@dataclass(frozen=True)
class Draft:
    """A posting as the checks see it."""

    kind: PostingKind
    date: dt.date
    daybook_code: str
    relation: PostingRelation | None
    lines: tuple[PostingLine, ...]


def rate_of(percentage: Decimal) -> Decimal:
    """A percentage as the mirror holds it (21 or 0.21) as a fraction."""
    return percentage / 100 if percentage > 1 else percentage


def vat_on(amount: Decimal, vat: Vat | None) -> Decimal:
    """The VAT the package computes on a line: the rate times the amount, half up."""
    if vat is None:
        return Decimal("0.00")
    return (amount * vat.rate).quantize(CENT, rounding=ROUND_HALF_UP)


def period_of(date: dt.date, periods: tuple[Period, ...]) -> tuple[int, int]:
    """The fiscal (year, period) of a date: the mirror's period, else the calendar month."""
    for found in periods:
        if found.start <= date <= found.end:
            return found.year, found.period
    return date.year, date.month


def accepted_vat(mirror: Mirror) -> list[str]:
    """The VAT codes the package accepts on a line of this administration."""
    active = sorted(code for code, vat in mirror.vat.items() if vat.active)
    if mirror.package == "snelstart":
        return [code for code in active if code in SNELSTART_VAT]
    return active


def relation_problem(package: str, code: str) -> str | None:
    """Why the package refuses a relation code, or None."""
    if package == "snelstart":
        if not code.isdigit() or not 0 < int(code) < 2**31:
            return f"SnelStart relation codes are numbers (1 to {2**31 - 1}), not {code!r}"
    elif package == "exact" and not re.fullmatch(r"[0-9]{1,18}", code):
        return f"Exact relation codes are numbers of at most 18 digits, not {code!r}"
    elif package == "twinfield" and not re.fullmatch(r"[A-Za-z0-9]{1,16}", code):
        return "Twinfield relation codes are 1 to 16 letters or digits"
    return None


def check(draft: Draft, mirror: Mirror) -> list[Problem]:
    """Every reason the package would refuse the posting (empty: it may be sent)."""
    if not takes_postings(mirror.package):
        return [((), f"postings into {mirror.package} are not supported yet")]
    problems: list[Problem] = []
    problems += _daybook(draft, mirror)
    problems += _period(draft, mirror)
    problems += _relation(draft, mirror)
    accepted = accepted_vat(mirror)
    total = Decimal(0)
    for n, line in enumerate(draft.lines):
        loc: tuple[str | int, ...] = ("body", "lines", n)
        if line.amount != line.amount.quantize(CENT):
            problems.append(((*loc, "amount"), f"{line.amount} has more than two decimals"))
        active = mirror.accounts.get(line.gl_account_code)
        if active is None:
            problems.append(
                ((*loc, "gl_account_code"), f"GL account {line.gl_account_code} does not exist")
            )
        elif not active:
            problems.append(
                ((*loc, "gl_account_code"), f"GL account {line.gl_account_code} is blocked")
            )
        if line.cost_center_code is not None:
            centre = mirror.cost_centers.get(line.cost_center_code)
            if centre is None:
                problems.append(
                    (
                        (*loc, "cost_center_code"),
                        f"cost centre {line.cost_center_code} does not exist",
                    )
                )
            elif not centre:
                problems.append(
                    ((*loc, "cost_center_code"), f"cost centre {line.cost_center_code} is inactive")
                )
        vat = None
        journal = draft.kind is PostingKind.JOURNAL_ENTRY
        if line.vat_code is not None and journal and mirror.package == "snelstart":
            problems.append(
                ((*loc, "vat_code"), "SnelStart books no VAT on the lines of a journal entry")
            )
        elif line.vat_code is not None:
            vat = mirror.vat.get(line.vat_code)
            if line.vat_code not in accepted:
                problems.append(
                    (
                        (*loc, "vat_code"),
                        f"{mirror.package} does not accept VAT code {line.vat_code!r} here"
                        f" (accepted: {', '.join(accepted) or 'none'})",
                    )
                )
        total += line.amount + vat_on(line.amount, vat)
    if draft.kind is PostingKind.JOURNAL_ENTRY and total != 0:
        problems.append(
            (("body", "lines"), f"the lines do not balance: with VAT they sum to {total}")
        )
    return problems


def _daybook(draft: Draft, mirror: Mirror) -> list[Problem]:
    found = mirror.daybooks.get(draft.daybook_code)
    loc = ("body", "daybook_code")
    if found is None:
        return [(loc, f"daybook {draft.daybook_code} does not exist")]
    wanted = DAYBOOK_TYPES[draft.kind]
    if found != wanted:
        return [(loc, f"daybook {draft.daybook_code} is a {found} daybook, not a {wanted} one")]
    return []


def _period(draft: Draft, mirror: Mirror) -> list[Problem]:
    if mirror.active_period is None:
        return []
    year, period = (int(p) for p in mirror.active_period.split("-"))
    if period_of(draft.date, mirror.periods) < (year, period):
        return [
            (
                ("body", "date"),
                f"{draft.date} lies in a closed period: the active period is"
                f" {mirror.active_period}",
            )
        ]
    return []


def _relation(draft: Draft, mirror: Mirror) -> list[Problem]:
    invoice = draft.kind is not PostingKind.JOURNAL_ENTRY
    if draft.relation is None:
        return [(("body", "relation"), "an invoice needs a relation")] if invoice else []
    if not invoice:
        return [(("body", "relation"), "a journal entry has no relation")]
    problem = relation_problem(mirror.package, draft.relation.code)
    return [] if problem is None else [(("body", "relation", "code"), problem)]
