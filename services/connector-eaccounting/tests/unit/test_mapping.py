"""eAccounting records map to the contract; paging follows ``Meta``; filters go to the source."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ledgerbus_connector_eaccounting.client import ReferenceCodes
from ledgerbus_connector_eaccounting.streams import (
    Accounts,
    Contacts,
    CostCenters,
    CostUnits,
    FiscalYears,
    Projects,
    VatCodes,
    VoucherRows,
)
from ledgerbus_connectorkit import PageRequest, StreamContext
from ledgerbus_contracts import SyncMode
from ledgerbus_servicekit import FakeClock

T0 = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)
ADMIN = "admin-1"


def page(data: list[dict[str, Any]], current: int = 1, pages: int = 1) -> dict[str, Any]:
    meta = {"CurrentPage": current, "PageSize": 1000, "TotalNumberOfPages": pages}
    return {
        "Meta": {**meta, "TotalNumberOfResults": 1500, "ServerTimeUtc": "2026-11-23T09:00:00Z"},
        "Data": data,
    }


def context(mode: SyncMode = SyncMode.FULL, cursor: str | None = None, **kw: Any) -> StreamContext:
    return StreamContext(ADMIN, "company", mode, cursor, **kw)


def codes() -> ReferenceCodes:
    references = ReferenceCodes()
    references._open[ADMIN] = {
        "vat-21": "MP1",
        "cc-item-1": "ADM",
        "cu-item-1": "KD1",
        "project-1": "P100",
    }
    return references


VOUCHER = {
    "Id": "v-1",
    "VoucherDate": "2026-03-04T00:00:00",
    "VoucherText": "Verkoop maart",
    "NumberAndNumberSeries": "A12",
    "NumberSeries": "A",
    "ModifiedUtc": "2026-03-05T10:00:00Z",
    "Rows": [
        {"AccountNumber": 1300, "DebitAmount": 121.0, "CreditAmount": 0.0},
        {
            "AccountNumber": 8000,
            "DebitAmount": 0.0,
            "CreditAmount": 100.0,
            "TransactionText": "Omzet",
            "CostCenterItemId1": "cc-item-1",
            "CostCenterItemId2": "cu-item-1",
            "ProjectId": "project-1",
            "VatCodeId": "vat-21",
        },
        {"AccountNumber": 1671, "CreditAmount": 21.0, "VatAmount": 21.0},
    ],
}


def test_voucher_rows_are_lines_that_balance_and_name_codes_not_ids() -> None:
    stream = VoucherRows(codes(), FakeClock(T0))
    lines = [stream.to_entity(raw, ADMIN) for raw in stream.records(page([VOUCHER]))]
    assert [line.source_id for line in lines] == ["v-1:1", "v-1:2", "v-1:3"]
    assert sum(line.amount for line in lines) == 0
    revenue = lines[1]
    assert revenue.amount == Decimal("-100.0")
    assert (revenue.entry_id, revenue.entry_number, revenue.line_number) == ("v-1", 12, 2)
    assert revenue.date == dt.date(2026, 3, 4)
    assert (revenue.daybook_code, revenue.gl_account_code) == ("A", "8000")
    assert (revenue.cost_center_code, revenue.project_code, revenue.vat_code) == (
        "ADM",
        "P100",
        "MP1",
    )
    assert revenue.description == "Omzet"
    assert lines[0].description == "Verkoop maart"
    assert lines[2].vat_amount == Decimal("21.0")
    assert revenue.source_version == int(
        dt.datetime(2026, 3, 5, 10, tzinfo=dt.UTC).timestamp() * 1e6
    )
    assert stream.cursor_of(stream.records(page([VOUCHER]))[0]) == "2026-03-05T10:00:00Z"


def test_accounts_are_keyed_by_number_and_typed_balance_or_profit_and_loss() -> None:
    stream = Accounts(codes(), FakeClock(T0))
    raw = {
        "Number": "8000",
        "Name": "Omzet",
        "FiscalYearId": "fy-2026",
        "IsActive": True,
        "Type": 2,
    }
    account = stream.to_entity({**raw, "VatCodeId": "vat-21"}, ADMIN)
    assert (account.source_id, account.code, account.account_type) == (
        "8000",
        "8000",
        "profit_loss",
    )
    assert account.vat_code == "MP1"
    balance = stream.to_entity({**raw, "Number": "1300", "Type": 1, "IsActive": False}, ADMIN)
    assert (balance.account_type, balance.blocked, balance.vat_code) == ("balance", True, None)
    untyped = stream.to_entity({**raw, "Number": "1300", "Type": None}, ADMIN)
    assert untyped.account_type == "balance"


def test_contacts_read_customers_then_suppliers_keeping_the_filter() -> None:
    stream = Contacts(FakeClock(T0))
    first = stream.first_page(context(SyncMode.INCREMENTAL, "2026-11-01T00:00:00Z"))
    assert first == PageRequest(
        "/v2/customers",
        {"$page": "1", "$pagesize": "1000", "$filter": "ChangedUtc gt 2026-11-01T00:00:00Z"},
    )
    second = stream.next_page(page([], 1, 2), first)
    assert second is not None and second.url == "/v2/customers" and second.params is not None
    assert second.params["$page"] == "2"
    suppliers = stream.next_page(page([], 2, 2), second)
    assert suppliers == PageRequest(
        "/v2/suppliers",
        {"$page": "1", "$pagesize": "1000", "$filter": "ModifiedUtc gt 2026-11-01T00:00:00Z"},
    )
    assert stream.next_page(page([], 1, 1), suppliers) is None
    customer = stream.to_entity(
        {
            "Id": "c1",
            "CustomerNumber": "1001",
            "Name": "Klant BV",
            "ChangedUtc": "2026-11-02T00:00:00Z",
        },
        ADMIN,
    )
    supplier = stream.to_entity(
        {"Id": "s1", "SupplierNumber": "2001", "Name": "Lev BV", "BankIban": "NL91ABNA0417164300"},
        ADMIN,
    )
    assert (customer.is_customer, customer.is_supplier, customer.code) == (True, False, "1001")
    assert (supplier.is_customer, supplier.is_supplier, supplier.iban) == (
        False,
        True,
        "NL91ABNA0417164300",
    )


def test_dated_lines_filter_at_the_source_and_a_full_sync_has_no_cursor_filter() -> None:
    stream = VoucherRows(codes(), FakeClock(T0))
    full = stream.first_page(context(cursor="2026-11-01T00:00:00Z", date_from=dt.date(2026, 1, 1)))
    assert full.params == {
        "$page": "1",
        "$pagesize": "1000",
        "$filter": "VoucherDate ge 2026-01-01",
    }
    incremental = stream.first_page(
        context(SyncMode.INCREMENTAL, "2026-11-01T00:00:00Z", date_from=dt.date(2026, 1, 1))
    )
    assert incremental.params is not None
    assert (
        incremental.params["$filter"]
        == "ModifiedUtc gt 2026-11-01T00:00:00Z and VoucherDate ge 2026-01-01"
    )
    assert stream.expected_total(page([])) is None  # 1500 vouchers, not their rows
    assert Projects(FakeClock(T0)).expected_total(page([])) == 1500


def test_master_data_without_modification_times_is_versioned_at_reading() -> None:
    clock = FakeClock(T0)
    vat = VatCodes(clock).to_entity(
        {"Id": "vat-21", "Code": "MP1", "Description": "Hoog", "VatRate": 0.21}, ADMIN
    )
    assert (vat.code, vat.percentage) == ("MP1", Decimal(21))
    assert vat.source_version == int(T0.timestamp() * 1_000_000)
    assert VatCodes(clock).first_page(context(SyncMode.INCREMENTAL, "x")).params == {
        "$page": "1",
        "$pagesize": "1000",
    }
    dimensions = page(
        [
            {
                "Id": "c1",
                "Number": 1,
                "Items": [
                    {
                        "Id": "cc-item-1",
                        "ShortName": "ADM",
                        "Name": "Administratie",
                        "IsActive": False,
                    }
                ],
            },
            {
                "Id": "c2",
                "Number": 2,
                "Items": [
                    {"Id": "cu-item-1", "ShortName": "KD1", "Name": "Drager", "IsActive": True}
                ],
            },
        ]
    )
    center = CostCenters(clock).to_entity(CostCenters(clock).records(dimensions)[0], ADMIN)
    assert (center.source_id, center.code, center.active) == ("cc-item-1", "ADM", False)
    assert [unit["Id"] for unit in CostUnits(clock).records(dimensions)] == ["cu-item-1"]
    years = FiscalYears(clock)
    july_to_june = {
        "Id": "fy",
        "StartDate": "2026-07-01T00:00:00",
        "EndDate": "2027-06-30T00:00:00",
    }
    periods = [years.to_entity(raw, ADMIN) for raw in years.records(page([july_to_june]))]
    assert [p.source_id for p in periods][:2] == ["2026-07", "2026-08"] and len(periods) == 12
    last = periods[-1]
    assert (last.fiscal_year, last.period, last.start_date, last.end_date) == (
        2026,
        12,
        dt.date(2027, 6, 1),
        dt.date(2027, 6, 30),
    )
    purchase = VatCodes(clock).to_entity(
        {"Id": "v9", "Code": "IH", "Description": "BTW inkopen hoog", "VatRate": 0.09}, ADMIN
    )
    assert (purchase.vat_type, purchase.percentage) == ("purchase", Decimal(9))
    project = Projects(clock).to_entity(
        {
            "Id": "project-1",
            "Number": "P100",
            "Name": "Bouw",
            "StartDate": "2026-02-01",
            "Status": 2,
            "ModifiedUtc": "2026-02-02T00:00:00Z",
        },
        ADMIN,
    )
    assert (project.code, project.active, project.start_date) == (
        "P100",
        False,
        dt.date(2026, 2, 1),
    )
