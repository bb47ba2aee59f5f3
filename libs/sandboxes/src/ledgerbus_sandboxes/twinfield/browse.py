"""Browse data ``000`` (general-ledger transactions) from ProcessXml ``<columns>`` requests.

The answer holds exactly the requested columns, in request order, filtered by every
column with an operator (``equal``, ``between``, ``like``; ``none`` filters nothing),
the office column included. Cells are typed as Twinfield types them (php-twinfield's
and pronamic/wp-twinfield's recorded browse responses): ``String``, ``Decimal``
(transaction numbers), ``Number`` (year, period), ``Value`` (amounts), ``Date`` and
``Datetime`` (with the display form in ``name``).
"""

from __future__ import annotations

import datetime as dt
import re
from fnmatch import translate

from lxml import etree

from ledgerbus_contracts import EntityType
from ledgerbus_sandboxes.common import AdministrationData
from ledgerbus_sandboxes.twinfield.render import line_fields, vat_codes

TYPES = {
    "fin.trs.head.number": "Decimal",
    "fin.trs.head.year": "Number",
    "fin.trs.head.period": "Number",
    "fin.trs.line.line": "Number",
    "fin.trs.head.date": "Date",
    "fin.trs.head.modified": "Datetime",
    "fin.trs.head.inpdate": "Datetime",
    "fin.trs.line.valuesigned": "Value",
    "fin.trs.line.basevaluesigned": "Value",
    "fin.trs.line.vatbasevaluesigned": "Value",
}
LABELS = {
    "fin.trs.head.office": "Administratie",
    "fin.trs.head.yearperiod": "Periode",
    "fin.trs.head.code": "Dagboek",
    "fin.trs.head.number": "Boekingsnummer",
    "fin.trs.head.date": "Boekdatum",
    "fin.trs.line.dim1": "Grootboekrek.",
    "fin.trs.line.valuesigned": "Bedrag",
}


class BrowseRefused(ValueError):
    """A request Twinfield answers with ``result="0"`` and a message."""


def _display(field: str, text: str) -> str | None:
    kind = TYPES.get(field)
    if kind == "Date" and text:
        return dt.datetime.strptime(text, "%Y%m%d").strftime("%d/%m/%Y")
    if kind == "Datetime" and text:
        return dt.datetime.strptime(text, "%Y%m%d%H%M%S").strftime("%d/%m/%Y %H:%M:%S")
    return None


def _keep(value: str, operator: str, lo: str, hi: str) -> bool:
    if operator == "equal":
        return value == lo
    if operator == "between":
        return (not lo or value >= lo) and (not hi or value <= hi)
    if operator == "like":
        return re.match(translate(lo or "*"), value, re.IGNORECASE) is not None
    return True


def browse(admin: AdministrationData, office: str, request: etree._Element) -> etree._Element:
    """The ``<browse>`` answer to a ``<columns code="000">`` request."""
    columns = request.findall("column")
    if not columns:
        raise BrowseRefused("A browse request needs at least one column.")
    fields: list[str] = []
    filters: list[tuple[str, str, str, str]] = []
    for column in columns:
        field = (column.findtext("field") or "").strip()
        if field not in _KNOWN:
            raise BrowseRefused(f"Unknown browse field {field!r} for browse code 000.")
        operator = (column.findtext("operator") or "none").strip()
        if operator not in ("none", "equal", "between", "like"):
            raise BrowseRefused(f"Unknown operator {operator!r} on {field}.")
        if column.findtext("visible", "true").strip() != "false" and field not in fields:
            fields.append(field)
        if operator != "none":
            lo, hi = column.findtext("from") or "", column.findtext("to") or ""
            filters.append((field, operator, lo.strip(), hi.strip()))
    vat = vat_codes(admin.of(EntityType.VAT_CODE))
    rows = []
    for record in admin.table(EntityType.TRANSACTION_LINE).rows():
        row = line_fields(record, vat) | {"fin.trs.head.office": office}
        if all(_keep(row[f], op, lo, hi) for f, op, lo, hi in filters):
            rows.append(row)
    result = etree.Element("browse", result="1", first="1" if rows else "0")
    result.set("last", str(len(rows)))
    result.set("total", str(len(rows)))
    th = etree.SubElement(result, "th")
    for field in fields:
        cell = etree.SubElement(th, "td", label=LABELS.get(field, field), hideforuser="false")
        cell.set("type", TYPES.get(field, "String"))
        cell.text = field
    for row in rows:
        tr = etree.SubElement(result, "tr")
        for field in fields:
            cell = etree.SubElement(tr, "td", field=field, hideforuser="false")
            cell.set("type", TYPES.get(field, "String"))
            if (shown := _display(field, row[field])) is not None:
                cell.set("name", shown)
            cell.text = row[field]
        key = etree.SubElement(tr, "key")
        for name, value in (
            ("office", office),
            ("code", row["fin.trs.head.code"]),
            ("number", row["fin.trs.head.number"]),
            ("line", row["fin.trs.line.line"]),
        ):
            etree.SubElement(key, name).text = value
    return result


_KNOWN = frozenset(
    line_fields(
        {
            "fiscal_year": 2026,
            "fiscal_period": 1,
            "daybook_code": "",
            "entry_number": 0,
            "line_number": 0,
            "date": None,
            "modified": dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
            "currency": "",
            "gl_account_code": "",
            "contact_code": None,
            "cost_center_code": None,
            "description": None,
            "amount": None,
        }
    )
)
