"""Twinfield wire records map to the contract: the sandbox's truth, rendered by the
sandbox's finder and browse services, comes back out of the connector unchanged."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from lxml import etree

from ledgerbus_connector_twinfield.twinfield import streams
from ledgerbus_connector_twinfield.twinfield.base import FinderStream, modified_version
from ledgerbus_connector_twinfield.twinfield.client import decode_browse, decode_finder
from ledgerbus_connectorkit import SyncAborted
from ledgerbus_contracts import EntityType, ErrorKind
from ledgerbus_sandboxes.common import AdministrationData, DataSizes, generate_administration
from ledgerbus_sandboxes.twinfield import browse, finder, soap

T = EntityType
OFFICE = "NLA000001"


@pytest.fixture(scope="module")
def admin() -> AdministrationData:
    sizes = DataSizes(gl_accounts=12, contacts=9, payment_terms=5, transaction_lines=40)
    return generate_administration(OFFICE, "Demo", 42, sizes)


def roundtrip(element: etree._Element) -> Any:
    return etree.fromstring(soap.envelope(element))


def read(stream: FinderStream, admin: AdministrationData) -> list[Any]:
    """Every finder search of a stream, as the connector decodes and maps it."""
    entities = []
    for kind, options in stream.searches:
        arguments = {"type": kind, "pattern": "*", "field": "0", "firstRow": "1"}
        arguments |= {"maxRows": "1000", "options": {**options, "office": OFFICE}}
        result = finder.search({OFFICE: "Demo"}, lambda _: admin, OFFICE, arguments)
        page = decode_finder(roundtrip(finder.response(result)))
        assert page["total"] == result.total
        entities += [stream.to_entity(raw, "adm") for raw in page["rows"]]
    return entities


def test_gl_accounts_are_the_balance_and_profit_and_loss_dimensions(
    admin: AdministrationData,
) -> None:
    mapped = {e.code: e for e in read(streams.GlAccounts(), admin)}
    truth = {r["code"]: r for r in admin.of(T.GL_ACCOUNT)}
    assert mapped.keys() == truth.keys()
    for code, record in truth.items():
        entity = mapped[code]
        assert (entity.name, entity.account_type) == (record["name"], record["account_type"])
        assert entity.source_id == code
        assert entity.source_version == int(record["modified"].timestamp()) * 1_000_000
        assert entity.raw["Gewijzigd"]


def test_relations_vat_codes_periods_projects_and_terms(admin: AdministrationData) -> None:
    contacts = {e.code: e for e in read(streams.Relations(), admin)}
    for record in admin.of(T.CONTACT):
        assert contacts[record["code"]].is_customer is record["is_customer"]
    vat = {e.code: e for e in read(streams.VatCodes(), admin)}
    assert vat["VH"].percentage == Decimal("21") and str(vat["VH"].percentage) == "21"
    assert vat["VL"].percentage == Decimal("9") and vat["VL"].vat_type == "sales"
    assert (vat["IH"].percentage, vat["IH"].vat_type) == (Decimal("21"), "purchase")
    periods = {(e.fiscal_year, e.period): e for e in read(streams.Periods(), admin)}
    assert periods[(2026, 2)].start_date == dt.date(2026, 2, 1)
    assert periods[(2026, 2)].end_date == dt.date(2026, 2, 28)
    projects = {e.code: e for e in read(streams.Projects(), admin)}
    for record in admin.of(T.PROJECT):
        assert (projects[record["code"]].start_date, projects[record["code"]].end_date) == (
            record["start_date"],
            record["end_date"],
        )
    terms = read(streams.PaymentConditions(), admin)
    assert sorted(t.due_days for t in terms) == sorted(
        r["due_days"] for r in admin.of(T.PAYMENT_TERM)
    )
    daybooks = {e.code: e.daybook_type for e in read(streams.Daybooks(), admin)}
    assert daybooks == {
        "KAS": "cash",
        "BNK": "bank",
        "VRK": "sales",
        "INK": "purchase",
        "MEM": "general",
    }


def browse_rows(admin: AdministrationData, request: str) -> list[dict[str, Any]]:
    result = browse.browse(admin, OFFICE, etree.fromstring(request))
    wrapper = etree.Element(soap.twf("ProcessXmlStringResponse"))
    etree.SubElement(wrapper, soap.twf("ProcessXmlStringResult")).text = etree.tostring(
        result, encoding="unicode"
    )
    rows: list[dict[str, Any]] = decode_browse(roundtrip(wrapper))["rows"]
    return rows


def test_transaction_lines_keep_exact_amounts_and_their_keys(admin: AdministrationData) -> None:
    stream = streams.TransactionLines(this_year=2026)
    rows = browse_rows(admin, stream.request().params["xml"])  # type: ignore[index]
    lines = {e.source_id: e for e in (stream.to_entity(r, "adm") for r in rows)}
    assert len(lines) == len(admin.of(T.TRANSACTION_LINE))
    for record in admin.of(T.TRANSACTION_LINE):
        line = lines[f"{record['daybook_code']}/{record['entry_number']}/{record['line_number']}"]
        assert line.amount == record["amount"] and isinstance(line.amount, Decimal)
        assert (line.date, line.gl_account_code) == (record["date"], record["gl_account_code"])
        assert (line.fiscal_year, line.fiscal_period) == (
            record["fiscal_year"],
            record["fiscal_period"],
        )
        assert line.contact_code == record["contact_code"]
        assert line.entry_id == f"{record['daybook_code']}/{record['entry_number']}"
        assert line.source_version == modified_version(record["modified"].strftime("%Y%m%d%H%M%S"))
    entries: dict[str, Decimal] = {}
    for line in lines.values():
        entries[line.entry_id] = entries.get(line.entry_id, Decimal(0)) + line.amount
    assert set(entries.values()) == {Decimal(0)}


def test_a_browse_of_one_year_holds_only_that_year(admin: AdministrationData) -> None:
    stream = streams.TransactionLines(this_year=2026)
    request = stream.request(lo="2025/00", hi="2025/99").params["xml"]  # type: ignore[index]
    years = {r["fin.trs.head.yearperiod"][:4] for r in browse_rows(admin, request)}
    assert years == {"2025"}


def test_a_refused_browse_fails_with_twinfields_message() -> None:
    refused = etree.Element("columns", result="0", msgtype="error", msg="Onbekende browse code")
    wrapper = etree.Element(soap.twf("ProcessXmlStringResponse"))
    etree.SubElement(wrapper, soap.twf("ProcessXmlStringResult")).text = etree.tostring(
        refused, encoding="unicode"
    )
    with pytest.raises(SyncAborted, match="Onbekende browse code") as raised:
        decode_browse(roundtrip(wrapper))
    assert raised.value.kind is ErrorKind.BUG


def test_modified_version_is_utc_microseconds() -> None:
    assert modified_version("20260101000001") == 1_767_225_601_000_000
    assert modified_version("") == 0


def test_the_dimension_type_is_the_searchs_when_the_row_has_only_code_and_name() -> None:
    raw = {"Code": "8000", "Naam": "Omzet", "dimtype": "PNL"}
    assert streams.GlAccounts().to_entity(raw, "adm").account_type == "profit_loss"
    supplier = streams.Relations().to_entity({"Code": "2001", "Naam": "X", "dimtype": "CRD"}, "a")
    assert (supplier.is_customer, supplier.is_supplier) == (False, True)
