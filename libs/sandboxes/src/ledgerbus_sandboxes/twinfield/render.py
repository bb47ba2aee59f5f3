"""Package-neutral sandbox records as Twinfield finder rows and browse rows."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ledgerbus_contracts import EntityType
from ledgerbus_sandboxes.common import Record

T = EntityType


def stamp(value: dt.datetime) -> str:
    """Twinfield's ``YYYYMMDDHHMMSS`` (UTC)."""
    return value.astimezone(dt.UTC).strftime("%Y%m%d%H%M%S")


def day(value: dt.date | None) -> str:
    return "" if value is None else value.strftime("%Y%m%d")


def dimension_type(entity_type: EntityType, r: Record) -> str | None:
    """The dimension type a record lives under, for entity types that are dimensions."""
    if entity_type is T.GL_ACCOUNT:
        return "BAS" if r["account_type"] == "balance" else "PNL"
    if entity_type is T.CONTACT:
        return "DEB" if r["is_customer"] else "CRD"
    return {T.COST_CENTER: "KPL", T.PROJECT: "PRJ"}.get(entity_type)


def _money(value: Decimal | None) -> str:
    return "" if value is None else f"{value:.2f}"


def render(entity_type: EntityType, r: Record) -> dict[str, Any]:
    """A record as a finder row (column -> text) with its ``id``; lines as browse fields."""
    modified = stamp(r["modified"])
    if entity_type is T.TRANSACTION_LINE:
        key = f"{r['daybook_code']}/{r['entry_number']}/{r['line_number']}"
        return {
            "id": key,
            "fin.trs.head.code": r["daybook_code"],
            "fin.trs.head.number": str(r["entry_number"]),
            "fin.trs.line.line": str(r["line_number"]),
            "fin.trs.head.yearperiod": f"{r['fiscal_year']}/{r['fiscal_period']:02d}",
            "fin.trs.head.date": day(r["date"]),
            "fin.trs.head.modified": modified,
            "fin.trs.head.status": "normal",
            "fin.trs.line.dim1": r["gl_account_code"],
            "fin.trs.line.dim2": r["contact_code"] or r["cost_center_code"] or "",
            "fin.trs.line.description": r["description"] or "",
            "fin.trs.line.valuesigned": _money(r["amount"]),
            "fin.trs.head.curcode": r["currency"],
            "fin.trs.line.vatcode": r["vat_code"] or "",
        }
    if entity_type is T.PAYMENT_TERM:
        code = str(r["id"])  # condition codes repeat; the sandbox keys terms by id
    else:
        code = r.get("code") or f"{r['fiscal_year']}/{r['period']:02d}"
    row: dict[str, Any] = {"id": code, "Code": code, "Gewijzigd": modified}
    if entity_type is T.VAT_CODE:
        row |= {
            "Naam": r["description"],
            "Type": r["vat_type"],
            "Percentage": f"{r['percentage'] * 100:.6f}",
        }
    elif entity_type is T.DAYBOOK:
        row |= {"Naam": r["name"], "Categorie": r["daybook_type"]}
    elif entity_type is T.FISCAL_PERIOD:
        row |= {
            "Naam": f"Periode {r['period']}",
            "Begindatum": day(r["start_date"]),
            "Einddatum": day(r["end_date"]),
        }
    elif entity_type is T.PAYMENT_TERM:
        row |= {"Naam": r["description"] or "", "Dagen": str(r["due_days"] or "")}
    elif entity_type is T.PROJECT:
        row |= {
            "Naam": r["name"],
            "Begindatum": day(r["start_date"]),
            "Einddatum": day(r["end_date"]),
        }
    else:
        row |= {"Naam": r["name"], "Dimensietype": dimension_type(entity_type, r)}
    return row
