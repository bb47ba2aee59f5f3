"""Package-neutral sandbox records in Exact Online's JSON shape.

Dates are ``/Date(ms)/``, relation and account codes are left-padded with spaces to
18 characters as Exact does, VAT percentages are fractions, and the rowversion
``Timestamp`` is the record's version.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ledgerbus_contracts import EntityType
from ledgerbus_sandboxes.common import Record

JOURNAL_TYPES = {"cash": 10, "bank": 12, "sales": 20, "purchase": 22, "general": 90, "other": 0}


def exact_date(value: dt.date | dt.datetime | None) -> str | None:
    """``/Date(ms)/``; a date is midnight UTC."""
    if value is None:
        return None
    if not isinstance(value, dt.datetime):
        value = dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC)
    return f"/Date({int(value.timestamp() * 1000)})/"


def padded(code: str | None) -> str | None:
    """Exact's 18-character, left-padded code fields."""
    return None if code is None else code.rjust(18)


def number(value: Decimal | None) -> float | None:
    """Exact sends amounts as JSON numbers (the connector reads them back as Decimal)."""
    return None if value is None else float(value)


def render(entity_type: EntityType, r: Record) -> dict[str, Any]:
    """One record as Exact's API returns it."""
    common = {"ID": r["id"], "Timestamp": r["version"], "Modified": exact_date(r["modified"])}
    return {**common, **_FIELDS[entity_type](r)}


_FIELDS: dict[EntityType, Any] = {
    EntityType.GL_ACCOUNT: lambda r: {
        "Code": padded(r["code"]),
        "Description": r["name"],
        "BalanceType": "B" if r["account_type"] == "balance" else "W",
        "BalanceSide": {"debit": "D", "credit": "C"}.get(r["balance_side"] or ""),
        "VATCode": r["vat_code"],
        "IsBlocked": r["blocked"],
    },
    EntityType.VAT_CODE: lambda r: {
        "Code": r["code"],
        "Description": r["description"],
        "Percentage": number(r["percentage"]),
        "VATTransactionType": {"sales": "S", "purchase": "P"}.get(r["vat_type"], "B"),
        "IsBlocked": not r["active"],
    },
    EntityType.DAYBOOK: lambda r: {
        "Code": r["code"],
        "Description": r["name"],
        "Type": JOURNAL_TYPES[r["daybook_type"]],
        "GLAccountCode": r["gl_account_code"],
    },
    EntityType.COST_CENTER: lambda r: {
        "Code": r["code"],
        "Description": r["name"],
        "Active": r["active"],
    },
    EntityType.COST_UNIT: lambda r: {"Code": r["code"], "Description": r["name"]},
    EntityType.PROJECT: lambda r: {
        "Code": r["code"],
        "Description": r["name"],
        "StartDate": exact_date(r["start_date"]),
        "EndDate": exact_date(r["end_date"]),
    },
    EntityType.CONTACT: lambda r: {
        "Code": padded(r["code"]),
        "Name": r["name"],
        "Status": "C" if r["is_customer"] else "S",
        "IsSupplier": r["is_supplier"],
        "VATNumber": r["vat_number"],
        "ChamberOfCommerce": r["coc_number"],
        "Email": r["email"],
    },
    EntityType.FISCAL_PERIOD: lambda r: {
        "FinYear": r["fiscal_year"],
        "FinPeriod": r["period"],
        "StartDate": exact_date(r["start_date"]),
        "EndDate": exact_date(r["end_date"]),
    },
    EntityType.PAYMENT_TERM: lambda r: {
        "PaymentCondition": r["code"],
        "Description": r["description"],
        "PaymentDays": r["due_days"],
        "DueDate": exact_date(r["due_date"]),
        "AmountDC": number(r["amount"]),
        "AccountCode": padded(r["contact_code"]),
    },
    EntityType.TRANSACTION_LINE: lambda r: {
        "EntryID": r["entry_id"],
        "EntryNumber": r["entry_number"],
        "LineNumber": r["line_number"],
        "Date": exact_date(r["date"]),
        "FinancialYear": r["fiscal_year"],
        "FinancialPeriod": r["fiscal_period"],
        "JournalCode": r["daybook_code"],
        "GLAccountCode": padded(r["gl_account_code"]),
        "AccountCode": padded(r["contact_code"]),
        "CostCenter": r["cost_center_code"],
        "CostUnit": r["cost_unit_code"],
        "ProjectCode": r["project_code"],
        "Description": r["description"],
        "AmountDC": number(r["amount"]),
        "AmountFC": number(r["amount_fc"]),
        "Currency": r["currency"],
        "VATCode": r["vat_code"],
        "AmountVATFC": number(r["vat_amount"]),
    },
}
