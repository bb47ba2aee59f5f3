"""The finder (``Search``): Twinfield's finder types, options, pattern and paging.

Validation problems are answered as Twinfield does, in ``SearchResult`` messages
(``MessageOfErrorCodes``) with no ``data``, never as SOAP faults.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from fnmatch import translate
from typing import Any

from lxml import etree

from ledgerbus_contracts import EntityType
from ledgerbus_sandboxes.common import AdministrationData
from ledgerbus_sandboxes.twinfield.render import dimension_type, render, stamp
from ledgerbus_sandboxes.twinfield.soap import TWF, twf

T = EntityType
PUBLISHED_TYPES = frozenset(
    [
        "ART",
        "ASM",
        "BDS",
        "BNK",
        "BSN",
        "CDA",
        "CER",
        "CQT",
        "CTR",
        "CUR",
        "DIM",
        "DMT",
        "DVT",
        "FLT",
        "FMT",
        "GRP",
        "GWY",
        "HIE",
        "HND",
        "INV",
        "IVT",
        "MAT",
        "OFF",
        "OFG",
        "OIC",
        "PAY",
        "PIS",
        "PRD",
        "REP",
        "REW",
        "RMD",
        "ROL",
        "SAR",
        "SPM",
        "TXG",
        "TEQ",
        "TRS",
        "TRT",
        "USR",
        "VAT",
        "VATN",
        "VTB",
        "VGM",
        "XLT",
    ]
)
"""The finder types of php-twinfield's ``FinderService`` constants (Twinfield's finder page)."""
DIMENSIONS = {
    "BAS": T.GL_ACCOUNT,
    "PNL": T.GL_ACCOUNT,
    "DEB": T.CONTACT,
    "CRD": T.CONTACT,
    "KPL": T.COST_CENTER,
    "PRJ": T.PROJECT,
}
SIMPLE = {"VAT": T.VAT_CODE, "TRS": T.DAYBOOK, "PRD": T.FISCAL_PERIOD, "PAY": T.PAYMENT_TERM}
OPTIONS = {
    "DIM": {"office", "dimtype", "modifiedsince", "includehidden", "company", "section"},
    "OFF": {"includeid", "consolidated", "section"},
    "TRS": {"office", "hidden", "ic", "category"},
}
"""Options accepted per type (others: ``office``); anything else is ``OptionNotAllowed``."""


@dataclass
class FinderResult:
    """Messages (type, text, code, parameters) and, when there are none, the data."""

    messages: list[tuple[str, str, str, list[str]]] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    total: int = 0


def _error(code: str, text: str, *parameters: str) -> FinderResult:
    return FinderResult(messages=[("Error", text, code, list(parameters))])


def _matcher(pattern: str, field: int) -> Callable[[list[str]], bool]:
    regex = re.compile(translate(pattern or "*"), re.IGNORECASE)
    columns = {0: (0, 1), 1: (0,), 2: (1,)}.get(field, (0, 1))
    return lambda row: any(regex.match(row[c]) for c in columns if c < len(row))


def search(
    offices: dict[str, str],
    admin_of: Callable[[str], AdministrationData],
    company: str | None,
    arguments: dict[str, Any],
) -> FinderResult:
    """One ``Search``: ``arguments`` are type, pattern, field, firstRow, maxRows, options."""
    kind = str(arguments.get("type") or "").upper()
    options: dict[str, str] = arguments.get("options") or {}
    if kind not in PUBLISHED_TYPES:
        return _error("InvalidFinderType", f"Finder type {kind or '(empty)'} is invalid.", kind)
    allowed = OPTIONS.get(kind, {"office"})
    for name in options:
        if name.lower() not in allowed:
            return _error("OptionNotAllowed", f"Option {name} is not allowed.", name)
    first, most = int(arguments.get("firstRow") or 1), int(arguments.get("maxRows") or 100)
    if first < 1 or most < 1:
        return _error("ParameterTooSmall", "firstRow and maxRows start at 1.")
    if kind == "OFF":
        rows = [{"Code": code, "Naam": name} for code, name in offices.items()]
    else:
        office = options.get("office") or company
        if office not in offices:
            return _error("NoAccessToOffice", f"No access to office {office}.", str(office))
        found = _rows(admin_of(office), kind, options)
        if isinstance(found, FinderResult):
            return found
        rows = found
    columns = list(dict.fromkeys(k for row in rows for k in row)) or ["Code", "Naam"]
    table = [[str(row.get(c, "")) for c in columns] for row in rows]
    matches = _matcher(str(arguments.get("pattern") or "*"), int(arguments.get("field") or 0))
    table = [row for row in table if matches(row)]
    return FinderResult(columns=columns, rows=table[first - 1 : first - 1 + most], total=len(table))


def _rows(
    admin: AdministrationData, kind: str, options: dict[str, str]
) -> list[dict[str, Any]] | FinderResult:
    if kind == "DIM":
        wanted = options.get("dimtype", "").upper()
        if wanted and wanted not in DIMENSIONS and wanted not in ("AST", "ACT"):
            return _error("InvalidEnumerationOptionValue", f"dimtype {wanted} is invalid.", wanted)
        since = options.get("modifiedsince", "")
        if since and not _stamp_ok(since):
            return _error("InvalidDateTimeOptionValue", "modifiedsince is YYYYMMDDHHMMSS.", since)
        types = [wanted] if wanted else list(dict.fromkeys(DIMENSIONS))
        rows = []
        for entity_type in dict.fromkeys(DIMENSIONS[t] for t in types if t in DIMENSIONS):
            for record in admin.of(entity_type):
                if dimension_type(entity_type, record) not in types:
                    continue
                if since and stamp(record["modified"]) < since:
                    continue
                rows.append(render(entity_type, record))
        return [{k: v for k, v in row.items() if k != "id"} for row in rows]
    simple = SIMPLE.get(kind)
    if simple is None:
        return []  # a published type the sandbox holds no data for
    return [{k: v for k, v in render(simple, r).items() if k != "id"} for r in admin.of(simple)]


def _stamp_ok(value: str) -> bool:
    try:
        dt.datetime.strptime(value, "%Y%m%d%H%M%S")
    except ValueError:
        return False
    return True


def arguments(operation: etree._Element) -> dict[str, Any]:
    """The ``Search`` element's arguments; options as a dict of name to value."""
    ns = {"twf": TWF}
    options = {}
    for pair in operation.findall("twf:options/twf:ArrayOfString", ns):
        values = [s.text or "" for s in pair.findall("twf:string", ns)]
        if len(values) == 2:
            options[values[0]] = values[1]
    found = {name: operation.findtext(f"twf:{name}", None, ns) for name in ("type", "pattern")}
    for name in ("field", "firstRow", "maxRows"):
        text = operation.findtext(f"twf:{name}", None, ns)
        if text is None or not text.strip().lstrip("-").isdigit():
            raise ValueError(f"Search needs the integer argument {name}")
        found[name] = text.strip()
    return {**found, "options": options}


def response(result: FinderResult) -> etree._Element:
    """``SearchResponse``: ``SearchResult`` messages, and ``data`` when there are none."""
    root = etree.Element(twf("SearchResponse"), nsmap={None: TWF})
    messages = etree.SubElement(root, twf("SearchResult"))
    for kind, text, code, parameters in result.messages:
        message = etree.SubElement(messages, twf("MessageOfErrorCodes"))
        etree.SubElement(message, twf("Type")).text = kind
        etree.SubElement(message, twf("Text")).text = text
        etree.SubElement(message, twf("Code")).text = code
        params = etree.SubElement(message, twf("Parameters"))
        for parameter in parameters:
            etree.SubElement(params, twf("string")).text = parameter
    if result.messages:
        return root
    data = etree.SubElement(root, twf("data"))
    etree.SubElement(data, twf("TotalRows")).text = str(result.total)
    header = etree.SubElement(data, twf("Columns"))
    for column in result.columns:
        etree.SubElement(header, twf("string")).text = column
    items = etree.SubElement(data, twf("Items"))
    for row in result.rows:
        item = etree.SubElement(items, twf("ArrayOfString"))
        for value in row:
            etree.SubElement(item, twf("string")).text = value
    return root
