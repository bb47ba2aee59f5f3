"""Transaction lines change an entry at a time, so every entry balances at every moment.

- An update of a line rewrites its entry as a whole: the fields every line of an
  entry shares (date, daybook, currency) change on all of them, the
  fiscal year and period follow the date, a base line's VAT follows its amount and
  VAT code, the VAT lines follow the base lines, and the balancing line (line 1)
  takes minus the sum of the others (:func:`~ledgerbus_sandboxes.common.booking.settle`).
  Only the lines whose content changed get a new version; a VAT line no longer
  needed is deleted and a missing one added.
- The amount of a balancing or VAT line and the ``vat_amount`` of any line follow from
  the others, so setting them is refused, as is setting ``entry_id``, ``entry_number``
  (unique per administration) or ``line_number``; a line that does not exist cannot
  be made by an update (new lines arrive as whole entries, :func:`add_entry`).
- A delete removes the whole entry (every line leaves a tombstone).
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from ledgerbus_contracts import EntityType
from ledgerbus_sandboxes.common.booking import (
    BALANCING,
    BASE,
    BASE_CURRENCY,
    CENT,
    ENTRY_KEYS,
    VAT,
    Chart,
    VatRate,
    compose,
    period_of,
    settle,
)
from ledgerbus_sandboxes.common.data import AdministrationData
from ledgerbus_sandboxes.common.lines import LazyLines
from ledgerbus_sandboxes.common.table import Record

LINE = EntityType.TRANSACTION_LINE
_TEXT = {
    "gl_account_code",
    "contact_code",
    "cost_center_code",
    "cost_unit_code",
    "project_code",
    "description",
    "vat_code",
    "daybook_code",
    "currency",
}
_REQUIRED = {"gl_account_code", "daybook_code", "currency"}
_INTEGERS = {"entry_number", "fiscal_year", "fiscal_period", "line_number"}
_AMOUNTS = {"amount", "amount_fc", "vat_amount"}
_FIXED = {"entry_id", "entry_number", "line_number", "line_role", "vat_amount"}
_IGNORED = {"id", "version", "modified"}
_KNOWN = _TEXT | _INTEGERS | _AMOUNTS | _FIXED | _IGNORED | {"date", "entry_id"}


def entry_lines(admin: AdministrationData, line_id: str) -> list[Record]:
    """The live lines of the entry that holds a line, by line number (KeyError: no line)."""
    table = admin.table(LINE)
    entry_id = table[line_id]["entry_id"]
    ids: dict[str, None] = {}
    base = table.base
    index = base.index_of(line_id)
    if isinstance(base, LazyLines) and index is not None:
        ids |= dict.fromkeys(base.line_id(i) for i in base.entry_span(index))
    ids |= dict.fromkeys(i for i, r in table.overlay.items() if r["entry_id"] == entry_id)
    lines = [table[i] for i in ids if i in table]
    return sorted(lines, key=lambda r: int(r.get("line_number") or 0))


def update_line(
    admin: AdministrationData, line_id: str, fields: Mapping[str, Any], now: dt.datetime
) -> list[Record]:
    """Change one line and rewrite its entry to balance; returns the lines stored anew.

    Raises KeyError for a line that does not exist and ValueError (naming the field)
    for a change the entry cannot take.
    """
    lines = entry_lines(admin, line_id)
    target = next(line for line in lines if line["id"] == line_id)
    changes = _coerce(fields)
    for key in _FIXED & changes.keys():
        if changes[key] != target.get(key):
            raise ValueError(f"{key} of a transaction line follows from its entry")
    role = target.get("line_role")
    number = target.get("line_number")
    if "amount" in changes and changes["amount"] != target["amount"]:
        if role == BALANCING:
            raise ValueError(f"the amount of line {number} balances its entry: change another line")
        if role == VAT:
            raise ValueError(f"the amount of VAT line {number} follows its entry's base lines")
    if changes.get("vat_code", target.get("vat_code")) != target.get("vat_code") and role != BASE:
        raise ValueError(f"line {number} is no base line: it takes no vat_code")
    shared = {k: v for k, v in changes.items() if k in ENTRY_KEYS or k in _PERIOD}
    shared |= _period(shared, target["date"])
    own = {k: v for k, v in changes.items() if k not in shared and k not in _FIXED}
    rewritten = [{**line, **shared, **(own if line["id"] == line_id else {})} for line in lines]
    mine = next(line for line in rewritten if line["id"] == line_id)
    if mine["currency"] == BASE_CURRENCY and own.get("amount_fc", mine["amount"]) != mine["amount"]:
        raise ValueError(f"amount_fc of a line in {BASE_CURRENCY} is its amount")
    dirty = {int(number or 0)} if {"amount", "vat_code"} & own.keys() else set()
    settled, lost = settle(rewritten, _rates(admin), _chart(admin), dirty)
    before = {line["id"]: line for line in lines}
    stored: list[Record] = []
    for n, line in enumerate(settled):
        if "id" not in line:
            line["id"] = _uid(admin, f"line/{admin.version}/{n}")
        if _content(line) != _content(before.get(line["id"], {})):
            stored.append(admin.upsert(LINE, line, now))
    for line in lost:
        admin.delete(LINE, line["id"], now)
    return stored


def delete_entry(admin: AdministrationData, line_id: str, now: dt.datetime) -> list[str]:
    """Hard-delete the whole entry that holds a line; returns the ids of its lines."""
    ids = [str(line["id"]) for line in entry_lines(admin, line_id)]
    for record_id in ids:
        admin.delete(LINE, record_id, now)
    return ids


def add_entry(
    admin: AdministrationData, rnd: random.Random, now: dt.datetime, size: int | None = None
) -> list[Record]:
    """Book a new, balanced entry of ``size`` lines (two to five when None)."""
    base = admin.table(LINE).base
    number = (base.entry_limit if isinstance(base, LazyLines) else 0) + admin.version + 1
    entry_id = _uid(admin, f"entry/created/{number}")
    stored = []
    for n, line in enumerate(compose(rnd, _chart(admin), size or rnd.randint(2, 5), number)):
        line |= {"id": _uid(admin, f"line/created/{number}/{n}"), "entry_id": entry_id}
        stored.append(admin.upsert(LINE, line, now))
    return stored


def trial_balance(
    admin: AdministrationData, until: dt.date | None = None
) -> dict[str, tuple[Decimal, Decimal]]:
    """Per GL account, (debit, credit) of the live lines dated up to ``until`` (all: None)."""
    sums: dict[str, tuple[Decimal, Decimal]] = {}
    for line in admin.table(LINE).rows():
        if until is not None and line["date"] > until:
            continue
        debit, credit = sums.get(line["gl_account_code"], (Decimal("0.00"), Decimal("0.00")))
        amount: Decimal = line["amount"]
        if amount > 0:
            debit += amount
        else:
            credit -= amount
        sums[line["gl_account_code"]] = (debit, credit)
    return dict(sorted(sums.items()))


_PERIOD = {"fiscal_year", "fiscal_period"}


def _period(shared: dict[str, Any], date: dt.date) -> dict[str, Any]:
    """The fiscal year and period the (new) date puts an entry in; ValueError if others given."""
    year, period = period_of(shared.get("date", date))
    for key, value in (("fiscal_year", year), ("fiscal_period", period)):
        if key in shared and shared[key] != value:
            raise ValueError(f"{key} follows the entry's date: it is {value}")
    return {"fiscal_year": year, "fiscal_period": period} if "date" in shared else {}


def _coerce(fields: Mapping[str, Any]) -> dict[str, Any]:
    """The fields of a line update in the sandbox's types; ValueError names a bad one."""
    unknown = sorted(set(fields) - _KNOWN)
    if unknown:
        raise ValueError(f"unknown transaction line fields: {', '.join(unknown)}")
    out: dict[str, Any] = {}
    for key, value in fields.items():
        if key in _IGNORED:
            continue
        if key in _AMOUNTS:
            out[key] = None if value is None and key != "amount" else _amount(key, value)
        elif key in _INTEGERS:
            if isinstance(value, bool) or not isinstance(value, int):
                raise ValueError(f"{key} must be a whole number")
            out[key] = value
        elif key == "date":
            out[key] = _date(value)
        elif value is None and key not in _REQUIRED:
            out[key] = None
        elif (isinstance(value, str) and value) or key not in _TEXT:
            out[key] = value
        else:
            raise ValueError(f"{key} must be a non-empty string")
    return out


def _amount(key: str, value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise ValueError(f"{key} must be a number")
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        raise ValueError(f"{key} must be a number") from None
    if not amount.is_finite() or amount != amount.quantize(CENT):
        raise ValueError(f"{key} must be an amount in cents")
    return amount.quantize(CENT)


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ValueError("date must be an ISO date (YYYY-MM-DD)") from None


def _content(line: Record) -> Record:
    return {k: v for k, v in line.items() if k not in ("version", "modified")}


def _chart(admin: AdministrationData) -> Chart:
    if admin.chart is None:
        raise ValueError(f"administration {admin.key!r} has no chart of accounts to book on")
    return admin.chart


def _rates(admin: AdministrationData) -> dict[str, VatRate]:
    """The VAT codes as the administration has them now (the chart's for deleted ones)."""
    rates = _chart(admin).rates()
    for record in admin.table(EntityType.VAT_CODE).rows():
        percentage = Decimal(str(record["percentage"]))
        rates[record["code"]] = VatRate(record["code"], percentage, record["vat_type"])
    return rates


def _uid(admin: AdministrationData, name: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"ledgerbus-sandbox/{admin.key}/{name}"))
