"""Package-neutral sandbox records as Twinfield finder rows and browse rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from ledgerbus_contracts import EntityType
from ledgerbus_sandboxes.common import Record

T = EntityType
_VAT_CODES = {
    ("sales", Decimal("0.21")): "VH",
    ("sales", Decimal("0.09")): "VL",
    ("sales", Decimal("0")): "VN",
    ("none", Decimal("0")): "VN",
    ("purchase", Decimal("0.21")): "IH",
    ("purchase", Decimal("0.09")): "IL",
    ("purchase", Decimal("0")): "IN",
}
"""Twinfield's Dutch VAT codes: V(erkoop)/I(nkoop) with H(oog) 21, L(aag) 9, N(ul) 0."""


def stamp(value: dt.datetime) -> str:
    """Twinfield's ``YYYYMMDDHHMMSS`` (UTC)."""
    return value.astimezone(dt.UTC).strftime("%Y%m%d%H%M%S")


def day(value: dt.date | None) -> str:
    """Twinfield's ``YYYYMMDD`` (empty for no date)."""
    return "" if value is None else value.strftime("%Y%m%d")


def vat_code(record: Record) -> str:
    """A VAT record's Twinfield code (its own code when Twinfield has none for its rate)."""
    key = (record.get("vat_type"), Decimal(record.get("percentage") or 0).normalize())
    found = next(
        (code for (kind, pct), code in _VAT_CODES.items() if (kind, pct.normalize()) == key), None
    )
    return found or str(record["code"])


def vat_codes(records: Iterable[Record]) -> dict[str, str]:
    """The sandbox's VAT codes to Twinfield's, each Twinfield code given once."""
    mapped: dict[str, str] = {}
    for record in records:
        code = vat_code(record)
        mapped[str(record["code"])] = code if code not in mapped.values() else str(record["code"])
    return mapped


def dimension_type(entity_type: EntityType, r: Record) -> str | None:
    """The dimension type a record lives under, for entity types that are dimensions."""
    if entity_type is T.GL_ACCOUNT:
        return "BAS" if r["account_type"] == "balance" else "PNL"
    if entity_type is T.CONTACT:
        return "DEB" if r["is_customer"] else "CRD"
    return {T.COST_CENTER: "KPL", T.PROJECT: "PRJ"}.get(entity_type)


def money(value: Decimal | None) -> str:
    """An amount with two decimals, as Twinfield writes values (empty for none)."""
    return "" if value is None else f"{value:.2f}"


def line_fields(r: Record, vat: dict[str, str] | None = None) -> dict[str, str]:
    """A transaction line's browse fields (``fin.trs.*``), texts as Twinfield sends them."""
    neutral = r.get("vat_code") or ""
    return {
        "fin.trs.head.office": "",
        "fin.trs.head.year": str(r["fiscal_year"]),
        "fin.trs.head.period": str(r["fiscal_period"]),
        "fin.trs.head.code": r["daybook_code"],
        "fin.trs.head.number": str(r["entry_number"]),
        "fin.trs.line.line": str(r["line_number"]),
        "fin.trs.head.yearperiod": f"{r['fiscal_year']}/{r['fiscal_period']:02d}",
        "fin.trs.head.date": day(r["date"]),
        "fin.trs.head.modified": stamp(r["modified"]),
        "fin.trs.head.inpdate": stamp(r["modified"]),
        "fin.trs.head.status": r.get("trs_status") or "normal",
        "fin.trs.head.curcode": r["currency"],
        "fin.trs.head.relation": r.get("contact_code") or "",
        "fin.trs.line.dim1": r["gl_account_code"],
        "fin.trs.line.dim2": r["contact_code"] or r["cost_center_code"] or "",
        "fin.trs.line.dim3": r.get("project_code") or "",
        "fin.trs.line.description": r["description"] or "",
        "fin.trs.line.invnumber": r.get("invoice_number") or "",
        "fin.trs.line.valuesigned": money(r["amount"]),
        "fin.trs.line.basevaluesigned": money(r["amount"]),
        "fin.trs.line.debitcredit": "credit" if (r["amount"] or 0) < 0 else "debit",
        "fin.trs.line.vatcode": (vat or {}).get(neutral, neutral),
        "fin.trs.line.vatbasevaluesigned": money(r.get("vat_amount")),
    }


def render(entity_type: EntityType, r: Record) -> dict[str, Any]:
    """A record as a finder row (column -> text) with its ``id``; lines as browse fields.

    Finder columns start with ``Code`` and ``Naam`` (the published order); the
    sandbox's detail columns follow them.
    """
    modified = stamp(r["modified"])
    if entity_type is T.TRANSACTION_LINE:
        fields = line_fields(r, {str(r.get("vat_code")): str(r.get("vat_code") or "")})
        key = f"{r['daybook_code']}/{r['entry_number']}/{r['line_number']}"
        return {"id": key, **fields}
    if entity_type is T.PAYMENT_TERM:
        code = str(r["id"])  # condition codes repeat; the sandbox keys terms by id
    elif entity_type is T.VAT_CODE:
        code = vat_code(r)
    else:
        code = r.get("code") or f"{r['fiscal_year']}/{r['period']:02d}"
    name = r.get("name") or r.get("description") or ""
    row: dict[str, Any] = {"id": code, "Code": code}
    if entity_type is T.FISCAL_PERIOD:
        name = f"Periode {r['period']}"
    row["Naam"] = name
    if entity_type is T.VAT_CODE:
        row |= {"Type": r["vat_type"], "Percentage": f"{r['percentage'] * 100:.6f}"}
    elif entity_type is T.DAYBOOK:
        row |= {"Categorie": r["daybook_type"]}
    elif entity_type is T.FISCAL_PERIOD:
        row |= {"Begindatum": day(r["start_date"]), "Einddatum": day(r["end_date"])}
    elif entity_type is T.PAYMENT_TERM:
        row |= {"Dagen": str(r["due_days"] or "")}
    elif entity_type is T.PROJECT:
        row |= {"Begindatum": day(r["start_date"]), "Einddatum": day(r["end_date"])}
    if (kind := dimension_type(entity_type, r)) is not None:
        row["Dimensietype"] = kind
    row["Gewijzigd"] = modified
    return row
