"""What ProcessXml answers: offices, dimension and transaction reads, browse data.

Played: ``<list><type>offices</type></list>`` (no CompanyCode needed) answering
``<offices result="1"><office name=".." shortname="..">code</office>..`` (php-twinfield's
recorded response, Twinfield's ``OrganizationService`` sample); ``<read>`` of
``dimensions`` (``office``, ``dimtype``, ``code``: a ``<dimension>`` with office, type,
code, name, as the samples' ``DimensionService`` reads it) and of ``transaction``
(``office``, ``code``, ``number``: header and lines as php-twinfield's
``journalTransactionGetResponse.xml``); ``<columns code="000">`` browse data. Other
requests answer their own root with ``result="0"`` and a ``msg``.
"""

from __future__ import annotations

from collections.abc import Callable

from lxml import etree

from ledgerbus_contracts import EntityType
from ledgerbus_sandboxes.common import AdministrationData
from ledgerbus_sandboxes.twinfield.browse import BrowseRefused, browse
from ledgerbus_sandboxes.twinfield.finder import DIMENSIONS
from ledgerbus_sandboxes.twinfield.render import day, dimension_type, money, stamp, vat_codes

T = EntityType


def _refused(tag: str, message: str) -> etree._Element:
    return etree.Element(tag, result="0", msgtype="error", msg=message)


def process(
    request: etree._Element,
    offices: dict[str, str],
    admin_of: Callable[[str], AdministrationData],
    company: str | None,
) -> etree._Element:
    """The answer to one ProcessXml request element."""
    kind = (request.findtext("type") or "").strip()
    if request.tag == "list" and kind == "offices":
        answer = etree.Element("offices", result="1")
        for code, name in offices.items():
            etree.SubElement(answer, "office", name=name, shortname=name[:20]).text = code
        return answer
    if company not in offices:
        return _refused(request.tag, "Toegang geweigerd. Company ontbreekt in request header.")
    office = (request.findtext("office") or company or "").strip()
    if office not in offices:
        return _refused(
            request.tag, f"Administratie {office} bestaat niet of is niet toegankelijk."
        )
    admin = admin_of(office)
    if request.tag == "read" and kind == "dimensions":
        return _dimension(admin, office, offices[office], request)
    if request.tag == "read" and kind == "transaction":
        return _transaction(admin, office, request)
    if request.tag == "columns" and request.get("code") == "000":
        try:
            return browse(admin, office, request)
        except BrowseRefused as exc:
            return _refused("columns", str(exc))
    return _refused(request.tag, f"the sandbox does not play <{request.tag}> {kind} requests")


def _dimension(
    admin: AdministrationData, office: str, office_name: str, request: etree._Element
) -> etree._Element:
    dimtype = (request.findtext("dimtype") or "").strip()
    code = (request.findtext("code") or "").strip()
    entity_type = DIMENSIONS.get(dimtype)
    record = None
    if entity_type is not None:
        record = next(
            (
                r
                for r in admin.of(entity_type)
                if r.get("code") == code and dimension_type(entity_type, r) == dimtype
            ),
            None,
        )
    if record is None:
        return _refused("dimension", f"Dimensie {dimtype} {code} bestaat niet.")
    answer = etree.Element("dimension", status="active", result="1")
    etree.SubElement(answer, "office", name=office_name, shortname=office_name[:20]).text = office
    etree.SubElement(answer, "type").text = dimtype
    etree.SubElement(answer, "code").text = code
    etree.SubElement(answer, "name").text = record.get("name") or ""
    etree.SubElement(answer, "shortname").text = (record.get("name") or "")[:20]
    etree.SubElement(answer, "uid").text = str(record["id"])
    etree.SubElement(answer, "modified").text = stamp(record["modified"])
    return answer


def _transaction(admin: AdministrationData, office: str, request: etree._Element) -> etree._Element:
    code = (request.findtext("code") or "").strip()
    number = (request.findtext("number") or "").strip()
    lines = [
        r
        for r in admin.table(T.TRANSACTION_LINE).rows()
        if r["daybook_code"] == code and str(r["entry_number"]) == number
    ]
    if not lines:
        return _refused("transaction", f"Boeking {code} {number} bestaat niet.")
    lines.sort(key=lambda r: r["line_number"])
    vat = vat_codes(admin.of(T.VAT_CODE))
    first = lines[0]
    answer = etree.Element("transaction", result="1", location="final")
    header = etree.SubElement(answer, "header")
    etree.SubElement(header, "office").text = office
    etree.SubElement(header, "code").text = code
    etree.SubElement(header, "currency").text = first["currency"]
    etree.SubElement(header, "date").text = day(first["date"])
    etree.SubElement(header, "period").text = f"{first['fiscal_year']}/{first['fiscal_period']:02d}"
    etree.SubElement(header, "number").text = number
    etree.SubElement(header, "modificationdate").text = stamp(max(r["modified"] for r in lines))
    body = etree.SubElement(answer, "lines")
    for r in lines:
        line = etree.SubElement(body, "line", type="detail", id=str(r["line_number"]))
        etree.SubElement(line, "dim1").text = r["gl_account_code"]
        if r.get("contact_code") or r.get("cost_center_code"):
            etree.SubElement(line, "dim2").text = r.get("contact_code") or r["cost_center_code"]
        etree.SubElement(line, "debitcredit").text = "credit" if r["amount"] < 0 else "debit"
        etree.SubElement(line, "value").text = money(abs(r["amount"]))
        etree.SubElement(line, "basevalue").text = money(abs(r["amount"]))
        if r.get("vat_code"):
            etree.SubElement(line, "vatcode").text = vat.get(r["vat_code"], r["vat_code"])
        etree.SubElement(line, "description").text = r.get("description") or ""
    return answer
