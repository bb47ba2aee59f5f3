"""The finder and ProcessXml services over the sandbox's data."""

from __future__ import annotations

from typing import Any

from lxml import etree

from ledgerbus_contracts import EntityType
from ledgerbus_sandboxes.common import AdministrationData
from ledgerbus_sandboxes.twinfield.render import dimension_type, render
from ledgerbus_sandboxes.twinfield.soap import NS, twf

T = EntityType
FINDER_TYPES = {"VAT": T.VAT_CODE, "TRS": T.DAYBOOK, "PRD": T.FISCAL_PERIOD, "PAY": T.PAYMENT_TERM}
DIMENSION_TYPES = {
    "BAS": T.GL_ACCOUNT,
    "PNL": T.GL_ACCOUNT,
    "DEB": T.CONTACT,
    "CRD": T.CONTACT,
    "KPL": T.COST_CENTER,
    "PRJ": T.PROJECT,
}
BROWSE_FIELDS = (
    "fin.trs.head.code",
    "fin.trs.head.number",
    "fin.trs.line.line",
    "fin.trs.head.yearperiod",
    "fin.trs.head.date",
    "fin.trs.head.modified",
    "fin.trs.head.status",
    "fin.trs.line.dim1",
    "fin.trs.line.dim2",
    "fin.trs.line.description",
    "fin.trs.line.valuesigned",
    "fin.trs.head.curcode",
    "fin.trs.line.vatcode",
)


def finder_rows(
    admin: AdministrationData, kind: str, options: dict[str, str]
) -> list[dict[str, Any]]:
    """The rows of one finder type (``DIM`` needs the ``dimtype`` option)."""
    if kind == "DIM":
        dimtype = options.get("dimtype", "")
        entity_type = DIMENSION_TYPES.get(dimtype)
        if entity_type is None:
            raise ValueError(f"unknown dimtype {dimtype!r}")
        return [
            render(entity_type, r)
            for r in admin.of(entity_type)
            if dimension_type(entity_type, r) == dimtype
        ]
    entity_type = FINDER_TYPES.get(kind)
    if entity_type is None:
        raise ValueError(f"unknown finder type {kind!r}")
    return [render(entity_type, r) for r in admin.of(entity_type)]


def search_response(rows: list[dict[str, Any]], first_row: int, max_rows: int) -> etree._Element:
    """``SearchResponse`` with ``data``: TotalRows, Columns, Items (1-based first row)."""
    columns = [c for c in rows[0] if c != "id"] if rows else ["Code", "Naam"]
    page = rows[first_row - 1 : first_row - 1 + max_rows]
    response = etree.Element(twf("SearchResponse"), nsmap={None: NS["twf"]})
    etree.SubElement(response, twf("SearchResult"))
    data = etree.SubElement(response, twf("data"))
    etree.SubElement(data, twf("TotalRows")).text = str(len(rows))
    header = etree.SubElement(data, twf("Columns"))
    for column in columns:
        etree.SubElement(header, twf("string")).text = column
    items = etree.SubElement(data, twf("Items"))
    for row in page:
        item = etree.SubElement(items, twf("ArrayOfString"))
        for column in columns:
            etree.SubElement(item, twf("string")).text = str(row.get(column, ""))
    return response


def _between(request: etree._Element, field: str) -> tuple[str, str]:
    """The (from, to) of a ``between`` column on ``field``; empty strings are open bounds."""
    for column in request.findall("column"):
        if column.findtext("field") == field and column.findtext("operator") == "between":
            return column.findtext("from") or "", column.findtext("to") or ""
    return "", ""


def browse(admin: AdministrationData, office: str, request: etree._Element) -> etree._Element:
    """Browse code 000, filtered with ``between`` on the modification time and the period."""
    since, until = _between(request, "fin.trs.head.modified")
    first, last = _between(request, "fin.trs.head.yearperiod")
    rows = [
        row
        for row in (render(T.TRANSACTION_LINE, r) for r in admin.of(T.TRANSACTION_LINE))
        if (not since or row["fin.trs.head.modified"] >= since)
        and (not until or row["fin.trs.head.modified"] <= until)
        and (not first or row["fin.trs.head.yearperiod"] >= first)
        and (not last or row["fin.trs.head.yearperiod"] <= last)
    ]
    result = etree.Element(
        "browse", result="1", first="1", last=str(len(rows)), total=str(len(rows))
    )
    th = etree.SubElement(result, "th")
    for field in BROWSE_FIELDS:
        etree.SubElement(th, "td", label=field, type="String").text = field
    for row in rows:
        tr = etree.SubElement(result, "tr")
        for field in BROWSE_FIELDS:
            etree.SubElement(tr, "td", field=field, type="String").text = row[field]
        key = etree.SubElement(tr, "key")
        for name, value in (
            ("office", office),
            ("code", row["fin.trs.head.code"]),
            ("number", row["fin.trs.head.number"]),
            ("line", row["fin.trs.line.line"]),
        ):
            etree.SubElement(key, name).text = value
    return result
