"""The eAccounting sandbox's v2 endpoints: Meta paging, each resource and its single-record
form, balanced vouchers, OData v4 ``$filter``/``$orderby`` and the error envelope."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from decimal import Decimal
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from ledgerbus_sandboxes.common import DataSizes
from ledgerbus_sandboxes.common.control import FollowingClock
from ledgerbus_sandboxes.eaccounting import EAccountingSandboxConfig, create_app
from ledgerbus_sandboxes.eaccounting.testing import signed_in
from ledgerbus_servicekit import FakeClock

T0 = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)
CONFIG = EAccountingSandboxConfig(sizes=DataSizes(payment_terms=0, transaction_lines=600))


@pytest.fixture(scope="module")
def app() -> FastAPI:
    return create_app(CONFIG, FollowingClock(FakeClock(T0)))


@pytest.fixture(scope="module")
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with signed_in(app, CONFIG) as http:
        yield http


async def pages(client: httpx.AsyncClient, path: str, **params: Any) -> list[dict[str, Any]]:
    """Every row of a list, page by page, checking the Meta block on the way."""
    rows: list[dict[str, Any]] = []
    page = 1
    while True:
        response = await client.get(path, params={**params, "$page": page})
        assert response.status_code == 200, response.text
        body = response.json()
        meta = body["Meta"]
        assert meta["CurrentPage"] == page
        rows += body["Data"]
        if page >= meta["TotalNumberOfPages"]:
            assert len(rows) == meta["TotalNumberOfResults"]
            return rows
        page += 1


async def test_the_meta_block_counts_pages_and_results(client: httpx.AsyncClient) -> None:
    first = (await client.get("/v2/accounts", params={"$pagesize": 7})).json()
    assert first["Meta"] == {
        "CurrentPage": 1,
        "PageSize": 7,
        "TotalNumberOfPages": 9,
        "TotalNumberOfResults": 60,
        "ServerTimeUtc": "2026-11-23T09:00:00.000Z",
    }
    assert len(first["Data"]) == 7
    last = (await client.get("/v2/accounts", params={"$pagesize": 7, "$page": 9})).json()
    assert len(last["Data"]) == 4
    beyond = (await client.get("/v2/accounts", params={"$pagesize": 7, "$page": 10})).json()
    assert beyond["Data"] == [] and beyond["Meta"]["TotalNumberOfResults"] == 60
    default = (await client.get("/v2/accounts")).json()["Meta"]
    assert (default["PageSize"], default["TotalNumberOfPages"]) == (50, 2)
    everything = await pages(client, "/v2/accounts", **{"$pagesize": 7})
    assert [r["Number"] for r in everything] == sorted((r["Number"] for r in everything), key=int)


@pytest.mark.parametrize(
    ("params", "fragment"),
    [
        ({"$pagesize": 0}, "$pagesize"),
        ({"$pagesize": 1001}, "$pagesize"),
        ({"$page": 0}, "$page"),
        ({"$page": "one"}, "$page"),
        ({"$top": 5}, "$top"),
        ({"$filter": "Nope eq 1"}, "Nope"),
        ({"$filter": "ModifiedUtc gt datetime'2026-01-01'"}, "v3"),
        ({"$filter": "contains(Name, 'Kas')"}, "function"),
        ({"$filter": "Name eq"}, "ends"),
        ({"$orderby": "Name sideways"}, "asc"),
        ({"$orderby": "Rows"}, "Rows"),
        ({"$filter": "Number eq 1000"}, "holds a string, not a number"),
        ({"$filter": "ModifiedUtc gt 'yesterday'"}, "holds a date-time, not a string"),
        ({"$filter": "IsActive eq 'yes'"}, "boolean"),
        ({"$filter": "Name gt null"}, "null"),
        ({"$filter": "(" * 40 + "IsActive eq true" + ")" * 40}, "nests deeper"),
        ({"$filter": "Name eq 'unterminated"}, "unexpected"),
    ],
)
async def test_bad_query_options_answer_400_in_the_envelope(
    client: httpx.AsyncClient, params: dict[str, Any], fragment: str
) -> None:
    response = await client.get("/v2/accounts", params=params)
    assert response.status_code == 400
    body = response.json()
    assert body["ErrorCode"] == 4000 and fragment in body["DeveloperErrorMessage"]
    assert len(body["ErrorId"]) == 36


async def test_fiscal_years_and_the_accounts_of_each(client: httpx.AsyncClient) -> None:
    years = (await client.get("/v2/fiscalyears")).json()["Data"]
    assert [(y["StartDate"], y["EndDate"]) for y in years] == [
        ("2025-01-01T00:00:00", "2025-12-31T00:00:00"),
        ("2026-01-01T00:00:00", "2026-12-31T00:00:00"),
    ]
    assert [y["IsLockedForAccounting"] for y in years] == [True, False]
    one = (await client.get(f"/v2/fiscalyears/{years[0]['Id']}")).json()
    assert one == years[0]
    current = await pages(client, "/v2/accounts")
    assert {a["FiscalYearId"] for a in current} == {years[1]["Id"]}
    older = await pages(client, f"/v2/accounts/{years[0]['Id']}")
    assert {a["FiscalYearId"] for a in older} == {years[0]["Id"]}
    assert [a["Number"] for a in older] == [a["Number"] for a in current]
    kas = (await client.get(f"/v2/accounts/{years[0]['Id']}/1000")).json()
    assert (kas["Number"], kas["Name"], kas["Type"]) == ("1000", "Kas 1000", 1)
    missing = await client.get(f"/v2/accounts/{years[0]['Id']}/999999")
    assert missing.status_code == 404 and missing.json()["ErrorCode"] == 4004
    no_year = await client.get("/v2/accounts/00000000-0000-0000-0000-000000000000")
    assert no_year.status_code == 404
    malformed = await client.get("/v2/accounts/not-a-guid")
    assert malformed.status_code == 400 and malformed.json()["ErrorCode"] == 4000


async def test_vat_codes_relations_projects_and_cost_centres(client: httpx.AsyncClient) -> None:
    vat = (await client.get("/v2/vatcodes")).json()["Data"]
    high = next(v for v in vat if v["Code"] == "2")
    assert (high["VatRate"], high["RelatedAccounts"]["AccountNumber1"]) == (0.21, 1040)
    assert (await client.get(f"/v2/vatcodes/{high['Id']}")).json() == high
    customers = await pages(client, "/v2/customers", **{"$pagesize": 10})
    suppliers = await pages(client, "/v2/suppliers", **{"$pagesize": 10})
    assert (len(customers), len(suppliers)) == (27, 13)
    assert not {c["Id"] for c in customers} & {s["Id"] for s in suppliers}
    customer = (await client.get(f"/v2/customers/{customers[3]['Id']}")).json()
    assert customer == customers[3] and customer["CustomerNumber"] == "000005"
    supplier = (await client.get(f"/v2/suppliers/{suppliers[0]['Id']}")).json()
    assert supplier["SupplierNumber"] == "000003" and supplier["Name"] == "Leverancier 3 BV"
    unknown = await client.get("/v2/customers/00000000-0000-0000-0000-000000000001")
    assert unknown.status_code == 404
    projects = (await client.get("/v2/projects")).json()["Data"]
    assert [p["Number"] for p in projects] == [f"P{n:04d}" for n in range(1, 9)]
    assert {p["Status"] for p in projects} == {1, 2}
    assert (await client.get(f"/v2/projects/{projects[0]['Id']}")).json() == projects[0]
    centres = (await client.get("/v2/costcenters")).json()["Data"]
    assert [(c["Number"], c["Name"], len(c["Items"])) for c in centres] == [
        (1, "Kostenplaats", 6),
        (2, "Kostendrager", 4),
    ]
    item = centres[1]["Items"][0]
    assert item["CostCenterId"] == centres[1]["Id"] and item["ShortName"] == "CU001"
    assert (await client.get(f"/v2/costcenteritems/{item['Id']}")).json() == item


async def test_every_voucher_balances_and_lists_once(client: httpx.AsyncClient) -> None:
    vouchers = await pages(client, "/v2/vouchers", **{"$pagesize": 100})
    assert len({v["Id"] for v in vouchers}) == len(vouchers)
    assert sum(len(v["Rows"]) for v in vouchers) == 600
    for voucher in vouchers:
        debit = sum(Decimal(str(r["DebitAmount"])) for r in voucher["Rows"])
        credit = sum(Decimal(str(r["CreditAmount"])) for r in voucher["Rows"])
        assert debit == credit, voucher["Id"]
        for row in voucher["Rows"]:
            assert min(row["DebitAmount"], row["CreditAmount"]) == 0
            assert Decimal(str(row["DebitAmount"])).as_tuple().exponent >= -2
    years = (await client.get("/v2/fiscalyears")).json()["Data"]
    split = [await pages(client, f"/v2/vouchers/{y['Id']}", **{"$pagesize": 100}) for y in years]
    assert sorted(v["Id"] for part in split for v in part) == sorted(v["Id"] for v in vouchers)
    assert all(v["VoucherDate"].startswith("2025") for v in split[0])
    one = vouchers[5]
    year = years[0] if one["VoucherDate"].startswith("2025") else years[1]
    assert (await client.get(f"/v2/vouchers/{year['Id']}/{one['Id']}")).json() == one
    other = years[1] if year is years[0] else years[0]
    assert (await client.get(f"/v2/vouchers/{other['Id']}/{one['Id']}")).status_code == 404


async def test_filter_and_orderby_in_odata_v4(client: httpx.AsyncClient) -> None:
    customer_ids = [c["Id"] for c in (await client.get("/v2/customers")).json()["Data"]]
    everything = await pages(client, "/v2/vouchers", **{"$pagesize": 1000})
    moments = sorted(v["ModifiedUtc"] for v in everything)
    cut = moments[len(moments) // 2]
    later = await pages(
        client, "/v2/vouchers", **{"$filter": f"ModifiedUtc gt {cut}", "$pagesize": 1000}
    )
    assert {v["Id"] for v in later} == {v["Id"] for v in everything if v["ModifiedUtc"] > cut}
    named = await client.get(
        "/v2/customers",
        params={"$filter": "Name eq 'Klant 2 BV' or (CustomerNumber eq '000004' and IsActive)"},
    )
    assert named.status_code == 400, "a bare boolean property is no comparison"
    named = await client.get(
        "/v2/customers",
        params={
            "$filter": "Name eq 'Klant 2 BV' or (CustomerNumber eq '000004' and IsActive eq true)"
        },
    )
    assert [c["Name"] for c in named.json()["Data"]] == ["Klant 2 BV", "Klant 4 BV"]
    open_ended = await client.get("/v2/projects", params={"$filter": "EndDate eq null"})
    assert {p["EndDate"] for p in open_ended.json()["Data"]} == {None}
    assert open_ended.json()["Meta"]["TotalNumberOfResults"] == 5
    by_id = await client.get("/v2/customers", params={"$filter": f"Id eq {customer_ids[0]}"})
    assert [c["Id"] for c in by_id.json()["Data"]] == customer_ids[:1]
    negated = await client.get("/v2/vatcodes", params={"$filter": "not (VatRate gt 0.1)"})
    assert sorted(v["Code"] for v in negated.json()["Data"]) == ["0", "1", "5"]
    ordered = await client.get("/v2/projects", params={"$orderby": "Number desc"})
    assert ordered.json()["Data"][0]["Number"] == "P0008"
    by_date = await client.get(
        "/v2/projects", params={"$filter": "StartDate ge 2025-05-01", "$orderby": "StartDate"}
    )
    starts = [p["StartDate"] for p in by_date.json()["Data"]]
    assert starts == sorted(starts) and starts[0] == "2025-05-01T00:00:00"


async def test_unknown_routes_and_methods_answer_in_the_envelope(
    client: httpx.AsyncClient,
) -> None:
    unknown = await client.get("/v2/nothing-here")
    assert unknown.status_code == 404 and unknown.json()["ErrorCode"] == 4004
    wrong = await client.delete("/v2/vouchers")
    assert wrong.status_code == 405 and wrong.json()["ErrorCode"] == 4005
