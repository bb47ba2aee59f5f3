"""SnelStart wire records map to the contract: the sandbox's truth, rendered as SnelStart's
JSON (through a real JSON round trip), comes back out of the connector unchanged."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

from ledgerbus_connector_snelstart.snelstart import streams
from ledgerbus_connector_snelstart.snelstart.base import SnelStartStream, modified_version
from ledgerbus_contracts import EntityType
from ledgerbus_sandboxes.common import AdministrationData, DataSizes, generate_administration
from ledgerbus_sandboxes.snelstart.render import render

T = EntityType


@pytest.fixture(scope="module")
def admin() -> AdministrationData:
    sizes = DataSizes(gl_accounts=12, contacts=9, projects=0, cost_units=0, transaction_lines=60)
    return generate_administration("00000000-0000-4000-8000-000000000001", "Demo", 42, sizes)


def read(stream: SnelStartStream, admin: AdministrationData) -> dict[str, Any]:
    """Every record of the stream's type, as JSON on the wire and mapped, by source id."""
    wire = json.loads(
        json.dumps([render(stream.entity_type, r) for r in admin.of(stream.entity_type)])
    )
    return {e.source_id: e for e in (stream.to_entity(raw, "adm") for raw in wire)}


def test_gl_accounts(admin: AdministrationData) -> None:
    mapped = read(streams.Grootboeken(), admin)
    for record in admin.of(T.GL_ACCOUNT):
        entity = mapped[record["id"]]
        assert (entity.code, entity.name) == (record["code"], record["name"])
        assert (entity.account_type, entity.blocked) == (record["account_type"], record["blocked"])
        assert entity.source_version == int(record["modified"].timestamp() * 1_000_000)


def test_relations_keep_both_roles_and_their_numbers(admin: AdministrationData) -> None:
    mapped = read(streams.Relaties(), admin)
    for record in admin.of(T.CONTACT):
        entity = mapped[record["id"]]
        assert entity.code == str(int(record["code"]))
        assert (entity.is_customer, entity.is_supplier) == (
            record["is_customer"],
            record["is_supplier"],
        )
        assert (entity.vat_number, entity.email) == (record["vat_number"], record["email"])


def test_vat_rates_daybooks_and_cost_centres(admin: AdministrationData) -> None:
    rates = {e.code + e.vat_type: e.percentage for e in read(streams.BtwTarieven(), admin).values()}
    assert rates["Hoogsales"] == Decimal("21") and str(rates["Hoogsales"]) == "21"
    assert rates["Laagpurchase"] == Decimal("9") and rates["Geennone"] == Decimal("0")
    kinds = {e.code: e.daybook_type for e in read(streams.Dagboeken(), admin).values()}
    assert kinds == {"10": "cash", "11": "bank", "12": "sales", "13": "purchase", "14": "general"}
    centres = read(streams.Kostenplaatsen(), admin)
    assert sorted(e.code for e in centres.values()) == [str(n) for n in range(1, 7)]


def test_lines_keep_exact_amounts_and_point_at_the_synced_codes(admin: AdministrationData) -> None:
    lines = read(streams.Boekingsregels(), admin)
    daybooks = {e.code for e in read(streams.Dagboeken(), admin).values()}
    contacts = {e.code for e in read(streams.Relaties(), admin).values()}
    accounts = {e.code for e in read(streams.Grootboeken(), admin).values()}
    for record in admin.of(T.TRANSACTION_LINE):
        line = lines[record["id"]]
        assert line.amount == record["amount"] and isinstance(line.amount, Decimal)
        assert (line.date, line.entry_number) == (record["date"], record["entry_number"])
        assert line.daybook_code in daybooks and line.gl_account_code in accounts
        assert line.contact_code is None or line.contact_code in contacts
    entries: dict[str, Decimal] = {}
    for line in lines.values():
        entries[line.entry_id] = entries.get(line.entry_id, Decimal(0)) + line.amount
    assert set(entries.values()) == {Decimal(0)}


def test_modified_on_is_utc_microseconds() -> None:
    assert modified_version({"modifiedOn": "2026-01-01T00:00:01.500"}) == 1_767_225_601_500_000
    assert modified_version({}) == 0
