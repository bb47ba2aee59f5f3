"""Exact Online's write endpoints as the sandbox plays them: entries and accounts.

From picqer/exact-php-client's entity classes (they carry Exact's REST reference text):
``POST salesentry/SalesEntries`` (``SalesEntry.php``: ``Journal`` the journal code,
``EntryDate``, ``Customer`` the account's ID, ``YourRef``, ``Description``,
``SalesEntryLines`` of ``GLAccount`` (ID), ``AmountFC``, ``VATCode``, ``VATAmountFC``,
``Description``, ``CostCenter``), ``POST purchaseentry/PurchaseEntries`` (the same with
``Supplier`` and ``PurchaseEntryLines``), ``POST generaljournalentry/GeneralJournalEntries``
(``GeneralJournalEntry.php``: ``JournalCode``, ``GeneralJournalEntryLines`` of
``GLAccount``, ``AmountFC``, ``Date``, ``Description``, ``VATCode``, ``CostCenter``; "VAT
lines will be automatically created if the VATCode is specified") and ``POST crm/Accounts``
(``Account.php``: ``Code``, ``Name``, ``Status`` ``C`` for a customer, ``IsSupplier``,
``VATNumber``, ``Email``, ``ChamberOfCommerce``). Each answers 201 with ``{"d": {...}}``
(picqer's ``Storable::insert`` fills the model from ``d``), an error in Exact's envelope
(:mod:`.errors`) otherwise. What is accepted becomes balanced journal lines that
``financialtransaction/TransactionLines`` and the sync API serve next, ``YourRef`` and the
line ``Description`` on every line as ``TransactionLine.php`` lists them.

UNCONFIRMED (no source settles these), chosen here: the wording of the 400s (unknown
journal, GL account, VAT code, cost centre or account; a blocked GL account; a journal of
another type; an entry that does not balance; a relation code in use or not numeric; a
missing required field); sales ``AmountFC`` is positive for revenue and purchase
``AmountFC`` positive for costs, journal ``AmountFC`` signed, debit positive; Exact
computes the VAT of a line as its amount times the code's ``Percentage``, half up to the
cent, unless ``VATAmountFC`` is given; the receivable or payable, and the VAT, go to the
administration's receivables, payables and VAT accounts; an account sent without ``Code``
gets the next free number. ``POST /_sandbox/write-faults`` books a write and then
answers late or with a 5xx (the uncertain outcome a client must look up).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from ledgerbus_contracts import EntityType
from ledgerbus_sandboxes.common import AdministrationData, Record
from ledgerbus_sandboxes.common.control import Sandbox
from ledgerbus_sandboxes.common.written import WriteFaults, book_entry, written_id
from ledgerbus_sandboxes.exact.entities import ACCOUNTS
from ledgerbus_sandboxes.exact.errors import ODataError, error_response
from ledgerbus_sandboxes.exact.guard import Guard

T = EntityType
CENT = Decimal("0.01")
_MS_DATE = re.compile(r"^/Date\((-?\d+)\)/$")
_ENTRIES = {
    "salesentry/salesentries": ("sales", "Customer", "SalesEntryLines", "Journal"),
    "purchaseentry/purchaseentries": ("purchase", "Supplier", "PurchaseEntryLines", "Journal"),
    "generaljournalentry/generaljournalentries": (
        "general",
        None,
        "GeneralJournalEntryLines",
        "JournalCode",
    ),
}


def _amount(value: Any, field: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ODataError(400, f"Mandatory: {field}")
    try:
        return Decimal(str(value)).quantize(CENT, ROUND_HALF_UP)
    except InvalidOperation:
        raise ODataError(400, f"Invalid value for {field}: {value!r}") from None


def _date(value: Any, field: str) -> dt.date:
    text = str(value or "")
    found = _MS_DATE.match(text)
    if found:
        return dt.datetime.fromtimestamp(int(found.group(1)) / 1000, dt.UTC).date()
    try:
        return dt.datetime.fromisoformat(text).date()
    except ValueError:
        raise ODataError(400, f"Mandatory: {field}") from None


class Entry:
    """One posted entry checked against a division's records, and booked."""

    def __init__(self, admin: AdministrationData, kind: str, body: dict[str, Any]) -> None:
        self.admin, self.kind, self.body = admin, kind, body

    def _by_code(self, entity_type: EntityType, code: Any) -> Record | None:
        return next((r for r in self.admin.table(entity_type).rows() if r["code"] == code), None)

    def journal(self, field: str) -> str:
        code = self.body.get(field)
        if not code:
            raise ODataError(400, f"Mandatory: {field}")
        found = self._by_code(T.DAYBOOK, str(code))
        if found is None:
            raise ODataError(400, f"Journal {code} does not exist")
        if found["daybook_type"] != self.kind:
            raise ODataError(400, f"Journal {code} is not a {self.kind} journal")
        return str(code)

    def account(self, field: str | None) -> str | None:
        if field is None:
            return None
        key = str(self.body.get(field) or "")
        found = self.admin.table(T.CONTACT).get(key)
        if found is None:
            raise ODataError(400, f"{field}: account {key or '(none)'} does not exist")
        return str(found["code"])

    def line(self, n: int, row: dict[str, Any]) -> tuple[Record, Decimal, Record | None]:
        """(the line, its VAT, its VAT code record) of posted line ``n``."""
        gl = self.admin.table(T.GL_ACCOUNT).get(str(row.get("GLAccount") or ""))
        if gl is None:
            raise ODataError(400, f"Line {n}: GLAccount {row.get('GLAccount')} does not exist")
        if gl.get("blocked"):
            raise ODataError(400, f"Line {n}: GL account {gl['code']} is blocked")
        amount = _amount(row.get("AmountFC"), f"Line {n}: AmountFC")
        centre = row.get("CostCenter")
        if centre is not None and self._by_code(T.COST_CENTER, centre) is None:
            raise ODataError(400, f"Line {n}: cost center {centre} does not exist")
        vat_code, vat = row.get("VATCode"), Decimal("0.00")
        rate = None
        if vat_code not in (None, ""):
            rate = self._by_code(T.VAT_CODE, str(vat_code))
            if rate is None or not rate.get("active", True):
                raise ODataError(400, f"Line {n}: VAT code {vat_code} does not exist")
            given = row.get("VATAmountFC")
            vat = (
                _amount(given, f"Line {n}: VATAmountFC")
                if given is not None
                else (amount * Decimal(rate["percentage"])).quantize(CENT, ROUND_HALF_UP)
            )
        sign = Decimal(-1) if self.kind == "sales" else Decimal(1)
        line = {
            "line_role": "base",
            "gl_account_code": str(gl["code"]),
            "cost_center_code": centre,
            "vat_code": None if rate is None else str(rate["code"]),
            "vat_amount": None if rate is None else sign * vat,
            "description": row.get("Description"),
            "amount": sign * amount,
        }
        return line, sign * vat, rate

    def lines(self, field: str) -> list[Record]:
        """The entry's base lines and its VAT lines (one per code), signed, debit positive."""
        rows = self.body.get(field)
        if not isinstance(rows, list) or not rows:
            raise ODataError(400, f"Mandatory: {field}")
        chart = self.admin.chart
        base: list[Record] = []
        owed: dict[str, tuple[Decimal, Record]] = {}
        described: dict[str, Any] = {}  # a VAT line has its first base line's description
        for n, row in enumerate(rows, start=1):
            if not isinstance(row, dict):
                raise ODataError(400, f"Line {n} of {field} is not an object")
            line, vat, rate = self.line(n, row)
            base.append(line)
            if rate is not None and vat:
                before = owed.get(str(rate["code"]), (Decimal(0), rate))[0]
                owed[str(rate["code"])] = (before + vat, rate)
                described.setdefault(str(rate["code"]), line["description"])
        for code, (vat, rate) in owed.items():
            account = ""
            if chart is not None:
                purchase = rate.get("vat_type") == "purchase"
                account = chart.vat_receivable if purchase else chart.vat_payable
            base.append(
                {
                    "line_role": "vat",
                    "gl_account_code": account,
                    "vat_code": code,
                    "description": described[code],
                    "amount": vat,
                }
            )
        return base

    def book(self, now: dt.datetime) -> tuple[list[Record], dict[str, Any]]:
        """Check and store the entry; (its lines, the fields Exact answers with)."""
        _, party, lines_field, journal_field = next(
            v for v in _ENTRIES.values() if v[0] == self.kind
        )
        daybook = self.journal(journal_field)
        contact = self.account(party)
        lines = self.lines(lines_field)
        total = sum((line["amount"] for line in lines), Decimal(0))
        if party is None:
            first = (self.body.get(lines_field) or [{}])[0]
            date = _date(first.get("Date") or self.body.get("EntryDate"), "Date")
            if total:
                raise ODataError(400, f"The entry is not in balance: the difference is {total}")
            lines[0]["line_role"] = "balancing"
        else:
            date = _date(self.body.get("EntryDate"), "EntryDate")
            chart = self.admin.chart
            account = (
                ""
                if chart is None
                else (chart.receivables if self.kind == "sales" else chart.payables)
            )
            head = {
                "line_role": "balancing",
                "gl_account_code": account,
                "description": self.body.get("Description"),
                "amount": -total,
            }
            lines.insert(0, head)
        shared = {
            "date": date,
            "daybook_code": daybook,
            "contact_code": contact,
            "description": self.body.get("Description"),
            "your_ref": self.body.get("YourRef"),
        }
        stored = book_entry(self.admin, now, lines, shared)
        gross = sum((-line["amount"] for line in lines[1:]), Decimal(0)) if party else Decimal(0)
        answer = {
            **self.body,
            "EntryID": stored[0]["entry_id"],
            "EntryNumber": stored[0]["entry_number"],
            "AmountFC": float(abs(gross)),
        }
        return stored, answer


def new_account(admin: AdministrationData, body: dict[str, Any], now: dt.datetime) -> Record:
    """A relation from a posted Account (its ``Code`` numeric, unique, at most 18 digits)."""
    name = body.get("Name")
    if not name:
        raise ODataError(400, "Mandatory: Name")
    codes = {str(r["code"]).strip().lstrip("0") for r in admin.table(T.CONTACT).rows()}
    code = str(body.get("Code") or "").strip()
    if not code:
        code = f"{max((int(c) for c in codes if c.isdigit()), default=0) + 1:06d}"
    elif not code.isdigit() or len(code) > 18:
        raise ODataError(400, f"Code {code!r} is not a number of at most 18 digits")
    elif code.lstrip("0") in codes:
        raise ODataError(400, f"Code {code} is already in use")
    record = {
        "id": written_id(admin, f"account/{code}"),
        "code": code,
        "name": str(name),
        "is_customer": body.get("Status") == "C",
        "is_supplier": bool(body.get("IsSupplier")),
        "vat_number": body.get("VATNumber"),
        "coc_number": body.get("ChamberOfCommerce"),
        "iban": None,
        "email": body.get("Email"),
    }
    return admin.upsert(T.CONTACT, record, now)


def write_routers(sandbox: Sandbox, guard: Guard) -> tuple[APIRouter, APIRouter]:
    """``POST`` on the entry and account endpoints, and ``/_sandbox/write-faults``."""
    api = APIRouter(prefix="/api/v1", tags=["Exact Online REST API"])
    control = APIRouter(prefix="/_sandbox", tags=["sandbox control"])
    faults = WriteFaults(lambda status: error_response(status, "Gateway timeout"))
    faults.routes(control)

    @api.post("/{division}/{service}/{resource}", status_code=201)
    async def create(request: Request, division: str, service: str, resource: str) -> Response:
        checked = guard.check(request, division)
        if isinstance(checked, Response):
            return checked
        path = f"{service}/{resource}".lower()
        try:
            if path not in _ENTRIES and path != "crm/accounts":
                raise ODataError(405, f"Method POST is not allowed on {service}/{resource}")
            try:
                body = await request.json()
            except ValueError:
                body = None
            if not isinstance(body, dict):
                raise ODataError(400, "Bad request: the body is not a JSON object")
            admin = sandbox.administration(str(int(division)))
            now = sandbox.clock.now()
            if path == "crm/accounts":
                answer = ACCOUNTS.render(new_account(admin, body, now))
            else:
                _, answer = Entry(admin, _ENTRIES[path][0], body).book(now)
        except ODataError as exc:
            return error_response(exc.status, exc.message, checked)
        accepted = JSONResponse({"d": answer}, status_code=201, headers=checked)
        return await faults.answer(request.url.path, accepted)

    return api, control
