"""Deleted transactions from ``DeletedTransactionsService.svc`` in incremental syncs.

Twinfield's reference (transaction-data/deleted-transactions): ``Query`` with a
``GetDeletedTransactions`` (``CompanyCode``; ``DateFrom``/``DateTo`` dates, optional)
answers ``Daybook``, ``TransactionNumber`` and ``DeletionDate`` per deleted
transaction. The service filters by date, so the connector asks from the day of the
newest deletion it has seen (the ``deleted`` cursor, an ISO date-time) and deletes
again what it deleted before, which changes nothing. A transaction is deleted as its
lines ``daybook/number/1..n``, ``n`` the highest line number the connector has read
of it (:mod:`ledgerbus_connector_twinfield.adapters.entry_lines`); one it never read
has no lines in the mirror. Without a cursor (the first incremental sync) it asks for
every deletion Twinfield reports.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from xml.sax.saxutils import escape

from ledgerbus_connectorkit import DeletionStream, PageRequest, StreamContext
from ledgerbus_contracts import DeletedRecord, EntityType

TWF = "http://www.twinfield.com/"
SHARED = "http://schemas.datacontract.org/2004/07/Twinfield.WebServices.Shared"
DELETED = "http://schemas.datacontract.org/2004/07/Twinfield.WebServices.DeletedTransactionsService"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
ACTION = "http://www.twinfield.com/DeletedTransactionsService/Query"
PATH = "DeletedTransactionsService.svc"


def envelope(token: str, office: str, date_from: str) -> bytes:
    """A ``Query`` for the office's transactions deleted from ``date_from`` (any when empty)."""
    since = f"<b:DateFrom>{escape(date_from)}T00:00:00</b:DateFrom>" if date_from else ""
    return (
        f'<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org'
        f'/soap/envelope/"><s:Header><h:Authentication xmlns:h="{TWF}" xmlns:i="{XSI}">'
        f'<AccessToken xmlns="{SHARED}">{escape(token)}</AccessToken>'
        f'<CompanyCode xmlns="{SHARED}">{escape(office)}</CompanyCode></h:Authentication>'
        f'</s:Header><s:Body><Query i:type="b:GetDeletedTransactions" xmlns="{TWF}" '
        f'xmlns:i="{XSI}" xmlns:b="{DELETED}"><b:CompanyCode>{escape(office)}</b:CompanyCode>'
        f"{since}</Query></s:Body></s:Envelope>"
    ).encode()


def decode(root: Any) -> list[dict[str, str]]:
    """The deleted transactions of a ``Result``: daybook, number and deletion date-time."""
    return [
        {
            "daybook": item.findtext(f"{{{DELETED}}}Daybook") or "",
            "number": _number(item.findtext(f"{{{DELETED}}}TransactionNumber") or "0"),
            "deleted": item.findtext(f"{{{DELETED}}}DeletionDate") or "",
        }
        for item in root.iter(f"{{{DELETED}}}DeletedTransaction")
    ]


def _number(text: str) -> str:
    """A ``decimal`` transaction number as the browse key writes it (``201300001``)."""
    return text.strip().split(".")[0]


def deletion_version(moment: str) -> int:
    """A deletion date-time (UTC, ISO) in epoch microseconds."""
    parsed = dt.datetime.fromisoformat(moment.replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.UTC)
    return int(parsed.timestamp() * 1_000_000)


class DeletedTransactions(DeletionStream):
    """One query per incremental sync; each deleted transaction becomes its lines' deletes."""

    def first_page(self, context: StreamContext) -> PageRequest:
        return PageRequest("deleted", {"from": (context.cursor or "")[:10]})

    def deletions(self, payload: Any) -> list[tuple[EntityType | None, DeletedRecord, str]]:
        found: list[tuple[EntityType | None, DeletedRecord, str]] = []
        for transaction in payload["transactions"]:
            version = deletion_version(transaction["deleted"])
            prefix = f"{transaction['daybook']}/{transaction['number']}"
            lines = int(transaction.get("lines") or 0)
            if not lines:  # never read: nothing in the mirror, but the cursor moves on
                found.append(
                    (
                        None,
                        DeletedRecord(source_id=prefix, source_version=version),
                        transaction["deleted"],
                    )
                )
            for line in range(1, lines + 1):
                record = DeletedRecord(source_id=f"{prefix}/{line}", source_version=version)
                found.append((EntityType.TRANSACTION_LINE, record, transaction["deleted"]))
        return found

    def next_page(self, payload: Any) -> PageRequest | None:
        return None
