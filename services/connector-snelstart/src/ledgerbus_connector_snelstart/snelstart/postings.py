"""Postings into SnelStart: invoices with their relation, journal entries, found by ``boekstuk``.

From SnelStart's OpenAPI export (``SpiderDead/snelstart-api``): a sales invoice is ``POST
/v2/verkoopboekingen`` (``klant``, ``factuurnummer``, ``factuurdatum``, ``factuurbedrag``
including VAT, ``boekingsregels`` of net ``bedrag`` with a ``btwSoort``, the ``btw``
amounts per ``Verkopen<soort>``), a purchase invoice ``/v2/inkoopboekingen`` (with
``leverancier`` and ``Inkopen<soort>``), a journal entry ``/v2/memoriaalboekingen``
(``dagboek``, ``datum``, ``memoriaalBoekingsRegels`` of ``debet``/``credit``), a relation
``POST /v2/relaties`` (``relatiecode`` an int32). Every booking model has a writable
``boekstuk``, which ``/v2/grootboekmutaties`` serves back on every line of the booking
and filters on (``Boekstuk eq '…'``): it is the deterministic reference a posting is
found by. The caller's reference is the invoice's ``factuurnummer``. The relation is
matched by ``relatiecode`` before one is created, so it is never duplicated.

VAT: the rate of a ``btwSoort`` on the posting's date from ``/v2/btwtarieven``, times the
net amount, half up to the cent (as the ledger-store checked it).
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import httpx

from ledgerbus_connector_snelstart.snelstart.base import date_of
from ledgerbus_connectorkit import RestClient
from ledgerbus_connectorkit.postings import (
    PackageRefused,
    PostingWriter,
    UncertainOutcome,
    posted,
    send_json,
)
from ledgerbus_contracts import EntityType
from ledgerbus_contracts.postings import PostedRecord, PostEntries, PostingKind, PostingLine

CENT = Decimal("0.01")
_PAGE = 500


def _money(value: Decimal) -> float:
    """An amount in cents as a JSON number (a float of two decimals round-trips exactly)."""
    return float(value.quantize(CENT))


def _refused(response: httpx.Response) -> PackageRefused:
    try:
        errors = response.json()
        text = "; ".join(f"{e['errorCode']}: {e['message']}" for e in errors)
    except (ValueError, KeyError, TypeError):
        text = response.reason_phrase
    return PackageRefused(f"SnelStart refused it ({response.status_code}): {text}"[:1000])


def _judge(response: httpx.Response) -> Any:
    if response.status_code in (200, 201):
        return response.json()
    if response.status_code == 429:
        raise UncertainOutcome("SnelStart's rate limit (429)")
    raise _refused(response)


class SnelStartPostings(PostingWriter):
    """Books postings through a SnelStart session."""

    async def _all(self, client: RestClient, path: str, odata: bool = True) -> list[Any]:
        if not odata:
            return list(await client.get_json(path))
        rows: list[Any] = []
        while True:
            page = await client.get_json(path, {"$top": str(_PAGE), "$skip": str(len(rows))})
            rows += page
            if len(page) < _PAGE:
                return rows

    async def _ids(self, client: RestClient, path: str, odata: bool = True) -> dict[str, str]:
        return {str(r["nummer"]): str(r["id"]) for r in await self._all(client, path, odata)}

    async def _relation(self, client: RestClient, code: str) -> str | None:
        found = await client.get_json(
            "/v2/relaties", {"$filter": f"Relatiecode eq {int(code)}", "$top": "1"}
        )
        return str(found[0]["id"]) if found else None

    async def _rates(self, client: RestClient, date: dt.date) -> dict[str, Decimal]:
        rates: dict[str, Decimal] = {}
        for row in await client.get_json("/v2/btwtarieven"):
            start = date_of(row["datumVanaf"]) if row.get("datumVanaf") else dt.date.min
            end = date_of(row["datumTotEnMet"]) if row.get("datumTotEnMet") else dt.date.max
            if start <= date <= end:
                rates[str(row["btwSoort"])] = Decimal(str(row["btwPercentage"])) / 100
        return rates

    async def find(
        self, client: RestClient, command: PostEntries, reference: str
    ) -> tuple[PostedRecord, ...] | None:
        lines = await client.get_json(
            "/v2/grootboekmutaties", {"$filter": f"Boekstuk eq '{reference}'"}
        )
        if not lines:
            return None
        relation = command.relation
        found = None if relation is None else await self._relation(client, relation.code)
        return posted((str(r["id"]) for r in lines), found)

    async def write(
        self, client: RestClient, command: PostEntries, reference: str
    ) -> tuple[PostedRecord, ...]:
        accounts = await self._ids(client, "/v2/grootboeken")
        centres = await self._ids(client, "/v2/kostenplaatsen", odata=False)
        created: list[PostedRecord] = []
        if command.kind is PostingKind.JOURNAL_ENTRY:
            daybooks = await self._ids(client, "/v2/dagboeken", odata=False)
            body = self._memoriaal(command, reference, accounts, centres, daybooks)
            path = "/v2/memoriaalboekingen"
        else:
            relation = await self._ensure_relation(client, command, created)
            rates = await self._rates(client, command.date)
            body = self._invoice(command, reference, accounts, centres, relation, rates)
            path = (
                "/v2/verkoopboekingen"
                if command.kind is PostingKind.SALES_INVOICE
                else "/v2/inkoopboekingen"
            )
        _judge(await send_json(client, "POST", path, body))
        found = await self.find(client, command, reference)
        if found is None:
            raise UncertainOutcome(f"{path} answered but no line carries boekstuk {reference}")
        return found

    async def _ensure_relation(
        self, client: RestClient, command: PostEntries, created: list[PostedRecord]
    ) -> str:
        relation = command.relation
        if relation is None:
            raise PackageRefused("an invoice needs a relation")
        if not relation.code.isdigit():
            raise PackageRefused(f"SnelStart relation codes are numbers, not {relation.code!r}")
        found = await self._relation(client, relation.code)
        if found is not None:
            return found
        soort = "Klant" if command.kind is PostingKind.SALES_INVOICE else "Leverancier"
        body = {
            "relatiesoort": [soort],
            "relatiecode": int(relation.code),
            "naam": relation.name,
            "email": relation.email,
            "btwNummer": relation.vat_number,
        }
        made = _judge(await send_json(client, "POST", "/v2/relaties", body))
        created.append(PostedRecord(entity_type=EntityType.CONTACT, source_id=str(made["id"])))
        return str(made["id"])

    @staticmethod
    def _line_refs(
        line: PostingLine, accounts: dict[str, str], centres: dict[str, str]
    ) -> dict[str, Any]:
        account = accounts.get(line.gl_account_code)
        if account is None:
            raise PackageRefused(f"SnelStart has no grootboek {line.gl_account_code}")
        refs: dict[str, Any] = {"grootboek": {"id": account}, "omschrijving": line.description}
        if line.cost_center_code is not None:
            centre = centres.get(line.cost_center_code)
            if centre is None:
                raise PackageRefused(f"SnelStart has no kostenplaats {line.cost_center_code}")
            refs["kostenplaats"] = {"id": centre}
        return refs

    def _invoice(
        self,
        command: PostEntries,
        reference: str,
        accounts: dict[str, str],
        centres: dict[str, str],
        relation: str,
        rates: dict[str, Decimal],
    ) -> dict[str, Any]:
        sales = command.kind is PostingKind.SALES_INVOICE
        regels, vat = [], dict[str, Decimal]()
        for line in command.lines:
            soort = line.vat_code or "Geen"
            amount = (line.amount * rates.get(soort, Decimal(0))).quantize(CENT, ROUND_HALF_UP)
            vat[soort] = vat.get(soort, Decimal(0)) + amount
            regel = self._line_refs(line, accounts, centres)
            regels.append(regel | {"bedrag": _money(line.amount), "btwSoort": soort})
        side = "Verkopen" if sales else "Inkopen"
        total = sum((line.amount for line in command.lines), Decimal(0)) + sum(vat.values())
        return {
            "boekstuk": reference,
            "factuurnummer": command.reference,
            "factuurdatum": f"{command.date.isoformat()}T00:00:00",
            "klant" if sales else "leverancier": {"id": relation},
            "omschrijving": command.description,
            "factuurbedrag": _money(total),
            "boekingsregels": regels,
            "btw": [
                {"btwSoort": f"{side}{soort}", "btwBedrag": _money(amount)}
                for soort, amount in vat.items()
                if soort != "Geen" and amount
            ],
        }

    def _memoriaal(
        self,
        command: PostEntries,
        reference: str,
        accounts: dict[str, str],
        centres: dict[str, str],
        daybooks: dict[str, str],
    ) -> dict[str, Any]:
        daybook = daybooks.get(command.daybook_code)
        if daybook is None:
            raise PackageRefused(f"SnelStart has no dagboek {command.daybook_code}")
        regels = []
        for line in command.lines:
            debet, credit = (
                (line.amount, Decimal(0)) if line.amount >= 0 else (Decimal(0), -line.amount)
            )
            regel = self._line_refs(line, accounts, centres)
            regels.append(regel | {"debet": _money(debet), "credit": _money(credit)})
        return {
            "boekstuk": reference,
            "datum": f"{command.date.isoformat()}T00:00:00",
            "dagboek": {"id": daybook},
            "omschrijving": command.description,
            "memoriaalBoekingsRegels": regels,
        }
