"""Postings into Exact Online: sales and purchase entries with their account, general
journal entries, found again by their reference.

From picqer/exact-php-client's entity classes: a sales invoice is ``POST
salesentry/SalesEntries`` (``Journal`` the journal code, ``EntryDate``, ``Customer`` the
account's ID, ``YourRef``, ``Description``, ``SalesEntryLines`` of ``GLAccount`` (an ID),
``AmountFC`` net, ``VATCode``, ``CostCenter``, ``Description``), a purchase invoice
``POST purchaseentry/PurchaseEntries`` (``Supplier``, ``PurchaseEntryLines``), a journal
entry ``POST generaljournalentry/GeneralJournalEntries`` (``JournalCode``,
``GeneralJournalEntryLines`` with a signed ``AmountFC`` and the line ``Date``), a relation
``POST crm/Accounts`` (``Code``, ``Name``, ``Status`` ``C``, ``IsSupplier``, ``VATNumber``,
``Email``), matched by its 18-character padded ``Code`` before one is created.

The deterministic reference (:func:`~ledgerbus_connectorkit.postings.posting_reference`)
is an invoice's ``YourRef`` and opens every line ``Description`` of a journal entry (a
general journal entry has no ``YourRef``); ``financialtransaction/TransactionLines``
serves both back and filters on them, which is how a posting is found after an
uncertain outcome. The caller's reference opens the invoice's ``Description``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import httpx

from ledgerbus_connector_exact.exact.errors import exact_message
from ledgerbus_connectorkit import RestClient
from ledgerbus_connectorkit.postings import (
    PackageRefused,
    PostingWriter,
    UncertainOutcome,
    posted,
    send_json,
)
from ledgerbus_contracts.postings import PostedRecord, PostEntries, PostingKind, PostingLine

CENT = Decimal("0.01")
_ENDPOINTS = {
    PostingKind.SALES_INVOICE: ("salesentry/SalesEntries", "Customer", "SalesEntryLines"),
    PostingKind.PURCHASE_INVOICE: (
        "purchaseentry/PurchaseEntries",
        "Supplier",
        "PurchaseEntryLines",
    ),
}
_JOURNAL = "generaljournalentry/GeneralJournalEntries"


def _quoted(text: str) -> str:
    """An OData string literal's body (a quote doubled)."""
    return text.replace("'", "''")


def _judge(response: httpx.Response) -> Any:
    if response.status_code in (200, 201):
        return response.json()["d"]
    if response.status_code == 429:
        raise UncertainOutcome("Exact's rate limit (429)")
    raise PackageRefused(
        f"Exact refused it ({response.status_code}): {exact_message(response)}"[:1000]
    )


class ExactPostings(PostingWriter):
    """Books postings through an Exact session (the command's ``external_id`` division)."""

    @staticmethod
    def _api(command: PostEntries, path: str) -> str:
        return f"/api/v1/{command.external_id}/{path}"

    async def _rows(
        self, client: RestClient, command: PostEntries, path: str, flt: str, select: str
    ) -> list[dict[str, Any]]:
        payload = await client.get_json(
            self._api(command, path), {"$filter": flt, "$select": select}
        )
        return list(payload["d"]["results"])

    async def _relation(self, client: RestClient, command: PostEntries, code: str) -> str | None:
        found = await self._rows(
            client, command, "crm/Accounts", f"Code eq '{_quoted(code.rjust(18))}'", "ID"
        )
        return str(found[0]["ID"]) if found else None

    def _lookup(self, command: PostEntries, reference: str) -> str:
        if command.kind is PostingKind.JOURNAL_ENTRY:
            return f"startswith(Description,'{_quoted(reference)}') eq true"
        return f"YourRef eq '{_quoted(reference)}'"

    async def find(
        self, client: RestClient, command: PostEntries, reference: str
    ) -> tuple[PostedRecord, ...] | None:
        lines = await self._rows(
            client,
            command,
            "financialtransaction/TransactionLines",
            self._lookup(command, reference),
            "ID,EntryID",
        )
        if not lines:
            return None
        relation = command.relation
        found = None if relation is None else await self._relation(client, command, relation.code)
        return posted((str(r["ID"]) for r in lines), found)

    async def write(
        self, client: RestClient, command: PostEntries, reference: str
    ) -> tuple[PostedRecord, ...]:
        accounts = await self._accounts(client, command)
        if command.kind is PostingKind.JOURNAL_ENTRY:
            path, body = _JOURNAL, self._journal(command, reference, accounts)
        else:
            path, party, field = _ENDPOINTS[command.kind]
            relation = await self._ensure_relation(client, command)
            body = {
                "Journal": command.daybook_code,
                "EntryDate": f"{command.date.isoformat()}T00:00:00",
                party: relation,
                "YourRef": reference,
                "Description": " ".join(
                    part for part in (command.reference, command.description) if part
                ),
                field: [self._line(line, accounts) for line in command.lines],
            }
        _judge(await send_json(client, "POST", self._api(command, path), body))
        found = await self.find(client, command, reference)
        if found is None:
            raise UncertainOutcome(f"{path} answered but no line carries {reference}")
        return found

    async def _accounts(self, client: RestClient, command: PostEntries) -> dict[str, str]:
        """The IDs of the posting's GL accounts, by code."""
        ids: dict[str, str] = {}
        for code in sorted({line.gl_account_code for line in command.lines}):
            found = await self._rows(
                client, command, "financial/GLAccounts", f"Code eq '{_quoted(code)}'", "ID"
            )
            if not found:
                raise PackageRefused(f"Exact has no GL account {code}")
            ids[code] = str(found[0]["ID"])
        return ids

    async def _ensure_relation(self, client: RestClient, command: PostEntries) -> str:
        relation = command.relation
        if relation is None:
            raise PackageRefused("an invoice needs a relation")
        found = await self._relation(client, command, relation.code)
        if found is not None:
            return found
        sales = command.kind is PostingKind.SALES_INVOICE
        body: dict[str, Any] = {
            "Code": relation.code,
            "Name": relation.name,
            "VATNumber": relation.vat_number,
            "Email": relation.email,
            "IsSupplier": not sales,
        }
        if sales:
            body["Status"] = "C"
        made = _judge(await send_json(client, "POST", self._api(command, "crm/Accounts"), body))
        return str(made["ID"])

    @staticmethod
    def _line(line: PostingLine, accounts: dict[str, str]) -> dict[str, Any]:
        row: dict[str, Any] = {
            "GLAccount": accounts[line.gl_account_code],
            "AmountFC": float(line.amount.quantize(CENT)),
            "Description": line.description,
        }
        if line.vat_code is not None:
            row["VATCode"] = line.vat_code
        if line.cost_center_code is not None:
            row["CostCenter"] = line.cost_center_code
        return row

    def _journal(
        self, command: PostEntries, reference: str, accounts: dict[str, str]
    ) -> dict[str, Any]:
        lines = []
        for line in command.lines:
            text = line.description or command.description or command.reference
            row = self._line(line, accounts)
            row["Description"] = f"{reference} {text}"[:250]
            row["Date"] = f"{command.date.isoformat()}T00:00:00"
            lines.append(row)
        return {"JournalCode": command.daybook_code, "GeneralJournalEntryLines": lines}
