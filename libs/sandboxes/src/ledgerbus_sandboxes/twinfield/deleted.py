"""``DeletedTransactionsService.svc``: the transactions deleted from an office.

As Twinfield's reference page (transaction-data/deleted-transactions) documents it:
``Query`` with a ``GetDeletedTransactions`` (``CompanyCode`` mandatory, ``Daybook``,
``DateFrom``, ``DateTo`` optional) answers a ``GetDeletedTransactionsResult`` whose
``DeletedTransactions`` hold ``Daybook``, ``TransactionNumber``, ``TransactionDate``,
``DeletionDate``, ``User`` and ``ReasonForDeletion`` per deleted transaction; an
unknown company, a bad daybook or bad dates are a ``DeletedTransactionsServiceFault``
(``InvalidCompanyCode``, ``InvalidDaybook``, ``InvalidDates``). A transaction is
deleted when none of its lines is left (one whose lines were rewritten was changed).
"""

from __future__ import annotations

import datetime as dt

from lxml import etree

from ledgerbus_contracts import EntityType
from ledgerbus_sandboxes.common import AdministrationData
from ledgerbus_sandboxes.twinfield.soap import TWF, XSI, twf
from ledgerbus_sandboxes.twinfield.wsdl import DELETED

USER = "SANDBOX"


class QueryRefused(ValueError):
    """A ``DeletedTransactionsServiceFault``: its code and message."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def _date(text: str | None, name: str) -> dt.date | None:
    if not text or not text.strip():
        return None
    try:
        return dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00")).date()
    except ValueError as exc:
        raise QueryRefused("InvalidDates", f"{name} {text!r} is not a date.") from exc


def query_arguments(operation: etree._Element) -> dict[str, str | None]:
    """CompanyCode, Daybook, DateFrom, DateTo of a ``Query`` element (any prefix)."""
    found: dict[str, str | None] = {}
    for name in ("CompanyCode", "Daybook", "DateFrom", "DateTo"):
        child = operation.find(f"{{{DELETED}}}{name}")
        nil = child is not None and child.get(f"{{{XSI}}}nil") == "true"
        found[name] = None if child is None or nil else (child.text or "")
    return found


def deleted_transactions(
    admin: AdministrationData, arguments: dict[str, str | None]
) -> list[dict[str, str]]:
    """The office's deleted transactions that match the query, oldest deletion first."""
    since, until = _date(arguments["DateFrom"], "DateFrom"), _date(arguments["DateTo"], "DateTo")
    if since and until and since > until:
        raise QueryRefused("InvalidDates", "DateFrom is after DateTo.")
    daybook = (arguments.get("Daybook") or "").strip()
    if daybook and daybook not in {r["code"] for r in admin.of(EntityType.DAYBOOK)}:
        raise QueryRefused("InvalidDaybook", f"Daybook {daybook} does not exist.")
    found: dict[tuple[str, int], dict[str, str]] = {}
    for tomb in admin.tombstones:
        line = tomb.record
        if tomb.entity_type is not EntityType.TRANSACTION_LINE or line is None:
            continue
        when = tomb.deleted_at.astimezone(dt.UTC)
        if (since and when.date() < since) or (until and when.date() > until):
            continue
        if daybook and line["daybook_code"] != daybook:
            continue
        found[(line["daybook_code"], int(line["entry_number"]))] = {
            "Daybook": line["daybook_code"],
            "DeletionDate": when.replace(tzinfo=None).isoformat(timespec="seconds"),
            "ReasonForDeletion": "Verwijderd in de sandbox",
            "TransactionDate": f"{line['date'].isoformat()}T00:00:00",
            "TransactionNumber": str(line["entry_number"]),
            "User": USER,
        }
    if found:  # a transaction that still has lines was changed, not deleted
        for live in admin.table(EntityType.TRANSACTION_LINE).rows():
            found.pop((live["daybook_code"], int(live["entry_number"])), None)
    return sorted(found.values(), key=lambda t: t["DeletionDate"])


def result(transactions: list[dict[str, str]]) -> etree._Element:
    """The ``Result`` element: a ``GetDeletedTransactionsResult``."""
    root = etree.Element(twf("Result"), nsmap={None: TWF, "i": XSI, "b": DELETED})
    root.set(f"{{{XSI}}}type", "b:GetDeletedTransactionsResult")
    listing = etree.SubElement(root, f"{{{DELETED}}}DeletedTransactions")
    for transaction in transactions:
        item = etree.SubElement(listing, f"{{{DELETED}}}DeletedTransaction")
        for name, value in transaction.items():
            etree.SubElement(item, f"{{{DELETED}}}{name}").text = value
    return root


def fault_detail(code: str, message: str) -> etree._Element:
    """A ``DeletedTransactionsServiceFault`` detail element."""
    fault = etree.Element(f"{{{DELETED}}}DeletedTransactionsServiceFault", nsmap={None: DELETED})
    etree.SubElement(fault, f"{{{DELETED}}}Code").text = code
    etree.SubElement(fault, f"{{{DELETED}}}Message").text = message
    return fault
