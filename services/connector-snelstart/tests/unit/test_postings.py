"""The bodies connector-snelstart writes are SnelStart's published POST models, strictly,
with the VAT computed from the rate on the posting's date and the reference as boekstuk."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import jsonschema_rs

from ledgerbus_connector_snelstart.snelstart.postings import SnelStartPostings
from ledgerbus_contracts import Package
from ledgerbus_contracts.postings import PostEntries, PostingKind, PostingLine, PostingRelation
from ledgerbus_sandboxes.snelstart.facts import write_schema

ACCOUNTS = {
    "4300": "00000000-0000-4000-8000-0000000a4300",
    "1060": "00000000-0000-4000-8000-0000000a1060",
}
ACCOUNTS["1070"] = "00000000-0000-4000-8000-0000000a1070"


def command(kind: PostingKind, lines: list[PostingLine]) -> PostEntries:
    return PostEntries(
        administration_id="adm",
        posting_id="p-1",
        tenant_id="t",
        package=Package.SNELSTART,
        kind=kind,
        date=dt.date(2026, 11, 30),
        daybook_code="14",
        reference="F2026-0001",
        relation=PostingRelation(code="1001", name="Nieuw BV")
        if kind is not PostingKind.JOURNAL_ENTRY
        else None,
        lines=tuple(lines),
        requested_at=dt.datetime(2026, 11, 30, tzinfo=dt.UTC),
    )


def valid(path: str, body: dict[str, Any]) -> None:
    jsonschema_rs.validator_for(write_schema(path, "request"), validate_formats=False).validate(
        body
    )


def test_a_sales_invoice_is_a_verkoopboeking_with_its_vat_and_total() -> None:
    lines = [
        PostingLine(gl_account_code="4300", amount=Decimal("100.00"), vat_code="Hoog"),
        PostingLine(gl_account_code="4300", amount=Decimal("10.05"), vat_code="Laag"),
    ]
    writer = SnelStartPostings()
    body = writer._invoice(
        command(PostingKind.SALES_INVOICE, lines),
        "LBREF",
        ACCOUNTS,
        {},
        "00000000-0000-4000-8000-00000000c001",
        {"Hoog": Decimal("0.21"), "Laag": Decimal("0.09"), "Geen": Decimal(0)},
    )
    valid("/verkoopboekingen", body)
    assert body["boekstuk"] == "LBREF" and body["factuurnummer"] == "F2026-0001"
    assert body["btw"] == [
        {"btwSoort": "VerkopenHoog", "btwBedrag": 21.0},
        {"btwSoort": "VerkopenLaag", "btwBedrag": 0.9},
    ]
    assert Decimal(str(body["factuurbedrag"])) == Decimal("131.95")


def test_a_journal_entry_is_a_memoriaalboeking_of_debits_and_credits() -> None:
    lines = [
        PostingLine(gl_account_code="1060", amount=Decimal("50.00")),
        PostingLine(gl_account_code="1070", amount=Decimal("-50.00")),
    ]
    body = SnelStartPostings()._memoriaal(
        command(PostingKind.JOURNAL_ENTRY, lines),
        "LBREF",
        ACCOUNTS,
        {},
        {"14": "00000000-0000-4000-8000-00000000d014"},
    )
    valid("/memoriaalboekingen", body)
    regels = body["memoriaalBoekingsRegels"]
    assert [(r["debet"], r["credit"]) for r in regels] == [(50.0, 0.0), (0.0, 50.0)]
