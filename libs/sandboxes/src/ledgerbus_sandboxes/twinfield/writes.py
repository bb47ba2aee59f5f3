"""Twinfield's ProcessXml writes as the sandbox plays them: transactions and dimensions.

From php-twinfield/twinfield's recorded requests (``salesTransactionSendRequest.xml``,
``journalTransactionSendRequest.xml``, ``purchaseTransactionSendRequest.xml``,
``customerSendRequest.xml``): a ``<transaction destiny="final|temporary">`` (alone or in
``<transactions>``) has a ``<header>`` (``office``, ``code`` the daybook, ``date``
``YYYYMMDD``, ``period``, ``currency``, ``invoicenumber``, ``duedate``) and ``<lines>``
of ``<line type="total|detail|vat" id="…">`` with ``dim1`` (the GL account), ``dim2`` (the
relation, or a cost centre), ``debitcredit``, ``value``, ``vatcode``, ``description`` and
``invoicenumber``; a sales or purchase transaction has one ``total`` line on the
relation, whose value the ``detail`` lines and their VAT make up. A ``<dimension>``
(alone or in ``<dimensions>``) has ``office``, ``type`` (``DEB``/``CRD``), ``code``,
``name`` and ``addresses/address`` (``email``, ``field4`` the VAT number, ``field5`` the
chamber of commerce number). Twinfield answers the request's own XML with ``result="1"``,
or ``result="0"`` and, on the element at fault, ``msgtype="error"`` and ``msg``;
a booked transaction's header gets its ``number``, a dimension its ``code`` and ``uid``.

Accepted transactions become balanced journal lines that browse ``000`` serves next (with
``fin.trs.line.invnumber``, the line's or else the header's invoice number, and status
``normal``, or ``temporary`` for destiny ``temporary``, which the connector's sync
does not read); dimensions are served by the finder.

UNCONFIRMED (no source settles them), chosen here: the Dutch wording of the messages;
VAT is the ``detail`` value times the code's rate, half up to the cent (``vatvalue`` when
given), booked on a line of its own on the administration's VAT account; an unbalanced
transaction is refused on the ``transaction`` element; a list root is ``result="1"``
only when every child is; a dimension sent with the code of an existing one of its type
changes it (that is how ProcessXml updates), a dimension without ``code`` gets the next
free number; codes are 1 to 16 letters or digits; a total line without ``dim1`` books on
the daybook's control account (the administration's receivables or payables).
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from lxml import etree

from ledgerbus_contracts import EntityType
from ledgerbus_sandboxes.common import AdministrationData, Record
from ledgerbus_sandboxes.common.written import book_entry, written_id
from ledgerbus_sandboxes.twinfield.render import dimension_type, vat_code

T = EntityType
CENT = Decimal("0.01")
WRITES = frozenset({"transaction", "transactions", "dimension", "dimensions"})
"""The ProcessXml roots that write."""
_CODE = re.compile(r"^[A-Za-z0-9]{1,16}$")
_SIDES = {"sales": "DEB", "purchase": "CRD"}


class Refused(Exception):
    """The element at fault and Twinfield's message."""

    def __init__(self, element: etree._Element, message: str) -> None:
        super().__init__(message)
        self.element, self.message = element, message


def _text(element: etree._Element, path: str) -> str:
    return (element.findtext(path) or "").strip()


def _required(element: etree._Element, path: str, what: str) -> etree._Element:
    found = element.find(path)
    if found is None or not (found.text or "").strip():
        raise Refused(element, f"{what} ontbreekt.")
    return found


def _amount(element: etree._Element) -> Decimal:
    try:
        value = Decimal((element.text or "").strip()).quantize(CENT, ROUND_HALF_UP)
    except InvalidOperation:
        raise Refused(element, f"Bedrag {element.text!r} is ongeldig.") from None
    if value < 0:
        raise Refused(element, "Een bedrag is niet negatief: gebruik debitcredit.")
    return value


class _Booking:
    """One transaction element checked against an office's records."""

    def __init__(self, admin: AdministrationData, office: str, element: etree._Element) -> None:
        self.admin, self.office, self.element = admin, office, element

    def _record(self, entity_type: EntityType, code: str) -> Record | None:
        return next((r for r in self.admin.of(entity_type) if r.get("code") == code), None)

    def _dim2(self, line: etree._Element) -> dict[str, Any]:
        found = line.find("dim2")
        code = (found.text or "").strip() if found is not None else ""
        if not code:
            return {}
        assert found is not None
        relation = self._record(T.CONTACT, code)
        if relation is not None:
            return {"contact_code": code, "_dimtype": dimension_type(T.CONTACT, relation)}
        if self._record(T.COST_CENTER, code) is not None:
            return {"cost_center_code": code}
        raise Refused(found, f"Dimensie {code} bestaat niet.")

    def _vat(self, line: etree._Element) -> Record | None:
        found = line.find("vatcode")
        code = (found.text or "").strip() if found is not None else ""
        if not code:
            return None
        assert found is not None
        rate = next((r for r in self.admin.of(T.VAT_CODE) if vat_code(r) == code), None)
        if rate is None or not rate.get("active", True):
            raise Refused(found, f"Btw-code {code} bestaat niet.")
        return rate

    def line(
        self, line: etree._Element, invoice: str, control: str | None = None
    ) -> tuple[Record, Decimal, Record | None]:
        """(the line, its VAT signed, its VAT record); ``control`` is a total line's
        account when it has no ``dim1``."""
        if control is not None and not _text(line, "dim1"):
            etree.SubElement(line, "dim1").text = control
        dim1 = _required(line, "dim1", "dim1")
        account = self._record(T.GL_ACCOUNT, (dim1.text or "").strip())
        if account is None:
            raise Refused(dim1, f"Grootboekrekening {dim1.text} bestaat niet.")
        if account.get("blocked"):
            raise Refused(dim1, f"Grootboekrekening {dim1.text} is geblokkeerd.")
        side = _required(line, "debitcredit", "debitcredit")
        if side.text not in ("debit", "credit"):
            raise Refused(side, "debitcredit is debit of credit.")
        sign = Decimal(1) if side.text == "debit" else Decimal(-1)
        value = sign * _amount(_required(line, "value", "value"))
        rate, vat = self._vat(line), Decimal("0.00")
        if rate is not None:
            given = line.find("vatvalue")
            vat = (
                sign * _amount(given)
                if given is not None and (given.text or "").strip()
                else (value * Decimal(rate["percentage"])).quantize(CENT, ROUND_HALF_UP)
            )
        record = {
            "line_role": "base",
            "gl_account_code": str(account["code"]),
            **self._dim2(line),
            "vat_code": None if rate is None else str(rate["code"]),
            "vat_amount": None if rate is None else vat,
            "description": _text(line, "description") or None,
            "invoice_number": _text(line, "invoicenumber") or invoice or None,
            "amount": value,
        }
        return record, vat, rate

    def book(self, now: dt.datetime) -> list[Record]:
        """Check the transaction and store its lines; Refused names what is wrong."""
        element = self.element
        destiny = element.get("destiny", "temporary")
        if destiny not in ("final", "temporary"):
            raise Refused(element, f"destiny {destiny!r} is final of temporary.")
        header = element.find("header")
        if header is None:
            raise Refused(element, "header ontbreekt.")
        office = header.find("office")
        if office is not None and (office.text or "").strip() != self.office:
            raise Refused(office, f"Administratie {office.text} hoort niet bij dit verzoek.")
        code = _required(header, "code", "Dagboek")
        daybook = self._record(T.DAYBOOK, (code.text or "").strip())
        if daybook is None:
            raise Refused(code, f"Dagboek {code.text} bestaat niet.")
        date_element = _required(header, "date", "Boekdatum")
        try:
            date = dt.datetime.strptime((date_element.text or "").strip(), "%Y%m%d").date()
        except ValueError:
            raise Refused(date_element, f"Datum {date_element.text} is ongeldig.") from None
        invoice = _text(header, "invoicenumber")
        kind = daybook["daybook_type"]
        rows = element.findall("lines/line")
        totals = [r for r in rows if r.get("type") == "total"]
        details = [r for r in rows if r.get("type") == "detail"]
        if not details:
            raise Refused(element, "Een boeking heeft detailregels.")
        if kind in _SIDES and len(totals) != 1:
            raise Refused(element, f"Een {kind}boeking heeft één totaalregel.")
        if kind not in _SIDES and totals:
            raise Refused(totals[0], "Een memoriaalboeking heeft geen totaalregel.")
        lines: list[Record] = []
        owed: dict[str, tuple[Decimal, Record, Any]] = {}
        for row in details:
            line, vat, rate = self.line(row, invoice)
            line.pop("_dimtype", None)
            lines.append(line)
            if rate is not None and vat:
                before = owed.get(str(rate["code"]), (Decimal(0), rate, line["description"]))
                owed[str(rate["code"])] = (before[0] + vat, rate, before[2])
        chart = self.admin.chart
        for neutral, (vat, rate, description) in owed.items():
            purchase = rate.get("vat_type") == "purchase"
            account = (
                "" if chart is None else (chart.vat_receivable if purchase else chart.vat_payable)
            )
            lines.append(
                {
                    "line_role": "vat",
                    "gl_account_code": account,
                    "vat_code": neutral,
                    "description": description,
                    "invoice_number": invoice or None,
                    "amount": vat,
                }
            )
        if totals:
            control = (
                "" if chart is None else (chart.receivables if kind == "sales" else chart.payables)
            )
            head, _, _ = self.line(totals[0], invoice, control)
            wanted = _SIDES[kind]
            if head.pop("_dimtype", None) != wanted:
                raise Refused(totals[0], f"De totaalregel hoort op een relatie van type {wanted}.")
            lines.insert(0, head | {"line_role": "balancing", "vat_code": None})
        else:
            lines[0]["line_role"] = "balancing"
        total = sum((line["amount"] for line in lines), Decimal(0))
        if total:
            raise Refused(element, f"De boeking is niet in balans: het verschil is {total}.")
        contact = next(
            (line.get("contact_code") for line in lines if line.get("contact_code")), None
        )
        shared = {
            "date": date,
            "daybook_code": daybook["code"],
            "trs_status": "normal" if destiny == "final" else "temporary",
        }
        for line in lines:
            line.setdefault("contact_code", contact if kind in _SIDES else None)
        return book_entry(self.admin, now, lines, shared)


def _dimension(
    admin: AdministrationData, office: str, element: etree._Element, now: dt.datetime
) -> Record:
    given = element.find("office")
    if given is not None and (given.text or "").strip() != office:
        raise Refused(given, f"Administratie {given.text} hoort niet bij dit verzoek.")
    kind = _required(element, "type", "Dimensietype")
    dimtype = (kind.text or "").strip()
    if dimtype not in ("DEB", "CRD"):
        raise Refused(kind, f"De sandbox speelt geen dimensies van type {dimtype}.")
    name = _required(element, "name", "Naam")
    code_element = element.find("code")
    code = (code_element.text or "").strip() if code_element is not None else ""
    contacts = admin.of(T.CONTACT)
    existing = next((r for r in contacts if r.get("code") == code), None) if code else None
    if code and not _CODE.match(code):
        assert code_element is not None
        raise Refused(code_element, f"Code {code} heeft 1 tot 16 letters of cijfers.")
    if existing is not None and dimension_type(T.CONTACT, existing) != dimtype:
        assert code_element is not None
        raise Refused(code_element, f"Code {code} is al in gebruik.")
    if not code:
        numbers = [int(r["code"]) for r in contacts if str(r.get("code", "")).isdigit()]
        code = f"{max(numbers, default=1000) + 1}"
    address = element.find("addresses/address")
    record = {
        "id": existing["id"] if existing else written_id(admin, f"dimension/{dimtype}/{code}"),
        "code": code,
        "name": (name.text or "").strip(),
        "is_customer": dimtype == "DEB",
        "is_supplier": dimtype == "CRD",
        "vat_number": (_text(address, "field4") or None) if address is not None else None,
        "coc_number": (_text(address, "field5") or None) if address is not None else None,
        "iban": existing.get("iban") if existing else None,
        "email": (_text(address, "email") or None) if address is not None else None,
    }
    return admin.upsert(T.CONTACT, record, now)


def _one(
    admin: AdministrationData, office: str, element: etree._Element, now: dt.datetime
) -> etree._Element:
    """The answer to one transaction or dimension element."""
    answer = copy.deepcopy(element)
    try:
        if element.tag == "transaction":
            lines = _Booking(admin, office, answer).book(now)
            header = answer.find("header")
            assert header is not None
            number = header.find("number")
            if number is None:
                number = etree.SubElement(header, "number")
            number.text = str(lines[0]["entry_number"])
            answer.set("location", answer.get("destiny", "temporary"))
        else:
            record = _dimension(admin, office, answer, now)
            code = answer.find("code")
            if code is None:
                code = etree.SubElement(answer, "code")
            code.text = str(record["code"])
            etree.SubElement(answer, "uid").text = str(record["id"])
            answer.set("status", "active")
    except Refused as exc:
        exc.element.set("msgtype", "error")
        exc.element.set("msg", exc.message)
        exc.element.set("result", "0")
        answer.set("result", "0")
        return answer
    answer.set("result", "1")
    return answer


def write(
    admin: AdministrationData, office: str, request: etree._Element, now: dt.datetime
) -> etree._Element:
    """The answer to a ProcessXml write (a root in :data:`WRITES`)."""
    if request.tag in ("transaction", "dimension"):
        return _one(admin, office, request, now)
    child = request.tag[:-1]
    answer = etree.Element(request.tag)
    results = [_one(admin, office, e, now) for e in request.iterchildren(child)]
    answer.extend(results)
    ok = bool(results) and all(r.get("result") == "1" for r in results)
    answer.set("result", "1" if ok else "0")
    return answer
