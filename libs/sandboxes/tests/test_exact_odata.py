"""Contract: the Exact sandbox's OData query options, each operator over HTTP, checked
against the sandbox's own records (read through the control API)."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from ledgerbus_sandboxes.common import DataSizes
from ledgerbus_sandboxes.exact import ExactSandboxConfig, create_app
from ledgerbus_sandboxes.exact.predicate import to_datetime
from ledgerbus_sandboxes.exact.testing import signed_in

CONFIG = ExactSandboxConfig(
    sizes=DataSizes(transaction_lines=600), minutely_limit=100_000, daily_limit=100_000
)
LINES = "/api/v1/100001/financialtransaction/TransactionLines"
GL = "/api/v1/100001/financial/GLAccounts"
VAT = "/api/v1/100001/vat/VATCodes"
ALL_GL = "IsBlocked eq true or IsBlocked eq false"


@pytest.fixture(scope="module")
def app() -> FastAPI:
    return create_app(CONFIG)


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with signed_in(app, CONFIG) as http:
        yield http


async def truth(client: httpx.AsyncClient, entity_type: str) -> list[dict[str, Any]]:
    response = await client.get(f"/_sandbox/administrations/100001/records/{entity_type}")
    records: list[dict[str, Any]] = response.json()["records"]
    return records


async def get(client: httpx.AsyncClient, url: str, **params: str) -> dict[str, Any]:
    response = await client.get(url, params={f"${k}": v for k, v in params.items()})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()["d"]
    return body


async def everything(client: httpx.AsyncClient, url: str, **params: str) -> list[dict[str, Any]]:
    """Every row, following ``__next``."""
    body = await get(client, url, **params)
    rows = list(body["results"])
    while "__next" in body:
        response = await client.get(body["__next"])
        body = response.json()["d"]
        rows += body["results"]
    return rows


async def count(client: httpx.AsyncClient, url: str, text: str) -> int:
    return int((await get(client, url, filter=text, inlinecount="allpages", top="0"))["__count"])


async def refused(client: httpx.AsyncClient, url: str, **params: str) -> str:
    response = await client.get(url, params={f"${k}": v for k, v in params.items()})
    assert response.status_code == 400, response.text
    body = response.json()
    assert set(body["error"]) == {"code", "message"} and body["error"]["message"]["lang"] == ""
    message: str = body["error"]["message"]["value"]
    return message


async def test_eq_on_a_string_a_number_and_a_guid(client: httpx.AsyncClient) -> None:
    accounts = await truth(client, "gl_account")
    chosen = accounts[5]
    by_code = await get(client, GL, filter=f"Code eq '{chosen['Code']}'")
    assert [r["ID"] for r in by_code["results"]] == [chosen["ID"]]
    by_id = await get(client, GL, filter=f"ID eq guid'{chosen['ID'].upper()}'")
    assert [r["Code"] for r in by_id["results"]] == [chosen["Code"]]
    lines = await truth(client, "transaction_line")
    year = lines[0]["FinancialYear"]
    assert await count(client, LINES, f"FinancialYear eq {year}") == sum(
        1 for line in lines if line["FinancialYear"] == year
    )


async def test_ne_gt_ge_lt_le(client: httpx.AsyncClient) -> None:
    lines = await truth(client, "transaction_line")
    cases = {
        "LineNumber ne 1": lambda r: r["LineNumber"] != 1,
        "LineNumber gt 2": lambda r: r["LineNumber"] > 2,
        "LineNumber ge 2": lambda r: r["LineNumber"] >= 2,
        "LineNumber lt 2": lambda r: r["LineNumber"] < 2,
        "LineNumber le 3": lambda r: r["LineNumber"] <= 3,
        "AmountDC gt 1000.5": lambda r: r["AmountDC"] > 1000.5,
        "AmountDC le -1000": lambda r: r["AmountDC"] <= -1000,
        "EntryNumber ge 5L": lambda r: r["EntryNumber"] >= 5,
        "JournalCode gt 'INK'": lambda r: r["JournalCode"] > "INK",
    }
    for text, wanted in cases.items():
        expected = sum(1 for line in lines if wanted(line))
        assert 0 < expected < len(lines), text
        assert await count(client, LINES, text) == expected, text


async def test_and_or_parentheses_and_not(client: httpx.AsyncClient) -> None:
    lines = await truth(client, "transaction_line")
    years = sorted({line["FinancialYear"] for line in lines})
    text = f"(FinancialYear eq {years[0]} or FinancialYear eq {years[-1]}) and LineNumber eq 1"
    assert await count(client, LINES, text) == sum(
        1
        for line in lines
        if line["FinancialYear"] in (years[0], years[-1]) and line["LineNumber"] == 1
    )
    without_parens = (
        f"FinancialYear eq {years[0]} or FinancialYear eq {years[-1]} and LineNumber eq 1"
    )
    assert await count(client, LINES, without_parens) == sum(
        1
        for line in lines
        if line["FinancialYear"] == years[0]
        or (line["FinancialYear"] == years[-1] and line["LineNumber"] == 1)
    )
    assert await count(client, LINES, "not (LineNumber eq 1)") == sum(
        1 for line in lines if line["LineNumber"] != 1
    )


async def test_datetime_literals_compare_with_dates(client: httpx.AsyncClient) -> None:
    lines = await truth(client, "transaction_line")
    start, end = dt.date(2025, 6, 1), dt.date(2025, 9, 1)
    dates = [to_datetime(line["Date"]) for line in lines]
    expected = sum(1 for d in dates if d is not None and start <= d.date() < end)
    assert expected > 0
    text = "Date ge datetime'2025-06-01' and Date lt datetime'2025-09-01T00:00:00'"
    assert await count(client, LINES, text) == expected
    assert (
        await count(client, LINES, "year(Date) eq 2025 and month(Date) ge 6 and month(Date) lt 9")
        == expected
    )


async def test_true_false_and_null(client: httpx.AsyncClient) -> None:
    accounts = await truth(client, "gl_account")
    blocked = sum(1 for a in accounts if a["IsBlocked"])
    assert await count(client, GL, "IsBlocked eq true") == blocked
    assert await count(client, GL, "IsBlocked eq false") == len(accounts) - blocked
    assert await count(client, GL, "IsBlocked") == blocked
    lines = await truth(client, "transaction_line")
    without = sum(1 for line in lines if line["AccountCode"] is None)
    assert 0 < without < len(lines)
    assert await count(client, LINES, "AccountCode eq null") == without
    assert await count(client, LINES, "AccountCode ne null") == len(lines) - without


async def test_substringof_and_startswith(client: httpx.AsyncClient) -> None:
    accounts = await truth(client, "gl_account")
    part = accounts[3]["Description"][-3:]
    expected = sum(1 for a in accounts if part in a["Description"])
    assert await count(client, GL, f"substringof('{part}', Description)") == expected
    assert await count(client, GL, f"substringof('{part}', Description) eq true") == expected
    assert await count(client, GL, f"not substringof('{part}', Description)") == (
        len(accounts) - expected
    )
    prefix = accounts[0]["Code"][:2]
    assert await count(client, GL, f"startswith(Code, '{prefix}')") == sum(
        1 for a in accounts if a["Code"].startswith(prefix)
    )
    relations = await truth(client, "contact")
    code = relations[0]["Code"].strip()
    found = await get(client, "/api/v1/100001/crm/Accounts", filter=f"trim(Code) eq '{code}'")
    assert [r["ID"] for r in found["results"]] == [relations[0]["ID"]]


async def test_top_skip_and_orderby(client: httpx.AsyncClient) -> None:
    codes = sorted(v["Code"] for v in await truth(client, "vat_code"))
    window = await get(client, VAT, orderby="Code", skip="1", top="2", select="Code")
    assert [r["Code"] for r in window["results"]] == codes[1:3]
    backwards = await get(client, VAT, orderby="Code desc")
    assert [r["Code"] for r in backwards["results"]] == codes[::-1]
    lines = await truth(client, "transaction_line")
    wanted = sorted(
        (r for r in lines if r["EntryNumber"] <= 20),
        key=lambda r: (-r["EntryNumber"], r["LineNumber"]),
    )
    got = await everything(
        client, LINES, filter="EntryNumber le 20", orderby="EntryNumber desc, LineNumber asc"
    )
    assert [r["ID"] for r in got] == [r["ID"] for r in wanted]


async def test_pages_of_60_follow_next_under_a_filter_and_an_order(
    client: httpx.AsyncClient,
) -> None:
    lines = await truth(client, "transaction_line")
    year = lines[0]["FinancialYear"]
    mine = [r for r in lines if r["FinancialYear"] == year]
    assert len(mine) > 120
    first = await get(client, LINES, filter=f"FinancialYear eq {year}", inlinecount="allpages")
    assert len(first["results"]) == 60 and first["__count"] == str(len(mine))
    assert "guid'" in first["__next"]
    in_id_order = await everything(client, LINES, filter=f"FinancialYear eq {year}")
    assert [r["ID"] for r in in_id_order] == sorted(r["ID"] for r in mine)
    by_amount = await everything(
        client, LINES, filter=f"FinancialYear eq {year}", orderby="AmountDC desc"
    )
    assert [r["AmountDC"] for r in by_amount] == sorted((r["AmountDC"] for r in mine), reverse=True)
    assert len({r["ID"] for r in by_amount}) == len(mine)
    capped = await everything(client, LINES, filter=f"FinancialYear eq {year}", top="100")
    assert len(capped) == 100


async def test_select_inlinecount_and_count(client: httpx.AsyncClient) -> None:
    body = await get(client, VAT, select="Code, Percentage", inlinecount="allpages", top="1")
    assert [set(r) for r in body["results"]] == [{"Code", "Percentage"}]
    assert body["__count"] == str(len(await truth(client, "vat_code")))
    plain = await client.get(f"{VAT}/$count")
    assert plain.text == body["__count"]
    counted = await client.get(f"{GL}/$count", params={"$filter": "IsBlocked eq true"})
    assert int(counted.text) == sum(1 for a in await truth(client, "gl_account") if a["IsBlocked"])


async def test_the_key_form_serves_one_entity(client: httpx.AsyncClient) -> None:
    account = (await truth(client, "gl_account"))[7]
    response = await client.get(f"{GL}(guid'{account['ID']}')", params={"$select": "ID,Code"})
    assert response.status_code == 200
    assert response.json() == {"d": {"ID": account["ID"], "Code": account["Code"]}}
    missing = await client.get(f"{GL}(guid'00000000-0000-0000-0000-000000000000')")
    assert (
        missing.status_code == 404
        and "was not found" in missing.json()["error"]["message"]["value"]
    )
    malformed = await client.get(f"{GL}(guid'nope')")
    assert malformed.status_code == 400


async def test_an_unknown_property_or_a_malformed_filter_is_a_400(
    client: httpx.AsyncClient,
) -> None:
    assert "'Colour'" in await refused(client, VAT, filter="Colour eq 'red'")
    assert "'Colour'" in await refused(client, VAT, select="Code,Colour")
    assert "'Colour'" in await refused(client, VAT, orderby="Colour")
    for malformed in (
        "Code eq",
        "Code eq 'x' and",
        "(Code eq 'x'",
        "Code == 'x'",
        "Code eq 'unterminated",
        "Code eq 'x')",
        "ID eq guid'not-a-guid'",
        "",
    ):
        assert "Error in query syntax" in await refused(client, VAT, filter=malformed), malformed
    assert "incompatible" in await refused(client, VAT, filter="ID eq 'abc'")
    assert "incompatible" in await refused(client, VAT, filter="Percentage gt 'x'")
    assert "two properties" in await refused(client, VAT, filter="Code eq Description")
    assert "boolean" in await refused(client, VAT, filter="Code")
    assert "function" in await refused(client, VAT, filter="soundex(Code) eq 'x'")
    assert "$expand" in await refused(client, VAT, expand="Lines")
    assert "$top" in await refused(client, VAT, top="-1")
    assert "$inlinecount" in await refused(client, VAT, inlinecount="some")


async def test_mandatory_filtering_where_a_sync_api_exists(client: httpx.AsyncClient) -> None:
    accounts = "/api/v1/100001/crm/Accounts"
    message = await refused(client, accounts)
    assert "mandatory filtering" in message and "Name" in message
    assert "mandatory filtering" in await refused(client, accounts, filter="IsSales eq true")
    assert "mandatory filtering" in await refused(client, GL)
    assert len((await get(client, accounts, filter="Blocked eq false"))["results"]) == 40
    vat = await get(client, VAT)
    assert len(vat["results"]) == len(await truth(client, "vat_code"))


async def test_bulk_endpoints_serve_1000_a_page_and_need_select(
    client: httpx.AsyncClient,
) -> None:
    bulk = "/api/v1/100001/bulk/Financial/TransactionLines"
    lines = await truth(client, "transaction_line")
    body = await get(client, bulk, select="ID,AmountDC", filter="LineNumber ge 1")
    assert len(body["results"]) == min(len(lines), 1000) and set(body["results"][0]) == {
        "ID",
        "AmountDC",
    }
    assert "$select" in await refused(client, bulk, filter="LineNumber ge 1")
    accounts = await everything(
        client, "/api/v1/100001/bulk/CRM/Accounts", select="ID,Code", filter="Blocked eq false"
    )
    assert len(accounts) == len(await truth(client, "contact"))
    for path in ("bulk/Financial/GLAccounts", "bulk/CRM/Contacts"):
        found = await get(client, f"/api/v1/100001/{path}", select="ID", filter="ID ne null")
        assert found["results"], path


async def test_contacts_are_the_persons_of_the_relations(client: httpx.AsyncClient) -> None:
    relations = await truth(client, "contact")
    persons = await everything(
        client, "/api/v1/100001/crm/Contacts", filter="IsMainContact eq true"
    )
    assert {p["Account"] for p in persons} == {r["ID"] for r in relations}
    chosen = relations[2]
    mine = await get(
        client,
        "/api/v1/100001/crm/Contacts",
        filter=f"Account eq guid'{chosen['ID']}'",
        select="AccountName,Code,AccountIsSupplier",
    )
    assert mine["results"] == [
        {
            "AccountName": chosen["Name"],
            "Code": chosen["Code"],
            "AccountIsSupplier": chosen["IsSupplier"],
        }
    ]
    one = persons[0]
    single = await client.get(f"/api/v1/100001/crm/Contacts(guid'{one['ID']}')")
    assert single.json()["d"]["ID"] == one["ID"]
    synced = await everything(
        client, "/api/v1/100001/sync/CRM/Contacts", filter="Timestamp gt 1L", select="ID,Timestamp"
    )
    assert {p["ID"] for p in synced} == {p["ID"] for p in persons}
    assert [p["Timestamp"] for p in synced] == sorted(r["Timestamp"] for r in relations)


async def test_select_on_me_and_the_divisions(client: httpx.AsyncClient) -> None:
    me = await get(client, "/api/v1/current/Me", select="CurrentDivision")
    assert me["results"] == [{"CurrentDivision": 100001}]
    hrm = await get(client, "/api/v1/100001/hrm/Divisions", select="Code,Description")
    assert {r["Code"] for r in hrm["results"]} == {100001, 100002}
    assert all(set(r) == {"Code", "Description"} for r in hrm["results"])
    system = await get(
        client, "/api/v1/100001/system/Divisions", select="Code,Current", filter="Code eq 100002"
    )
    assert system["results"] == [{"Code": 100002, "Current": False}]
    assert "'Current'" in await refused(client, "/api/v1/100001/hrm/Divisions", select="Current")
    assert "'Nope'" in await refused(client, "/api/v1/current/Me", select="Nope")
    keyed = await client.get("/api/v1/100001/system/Divisions(100001)")
    assert keyed.json()["d"]["Current"] is True


async def test_only_relation_codes_are_padded_to_18(client: httpx.AsyncClient) -> None:
    gl = await get(client, GL, filter=ALL_GL, select="Code", top="60")
    assert all(r["Code"] == r["Code"].strip() for r in gl["results"])
    relations = await get(client, "/api/v1/100001/crm/Accounts", filter="Blocked eq false")
    codes = [r["Code"] for r in relations["results"]]
    assert all(len(c) == 18 and c.startswith(" ") for c in codes)
    found = await get(client, "/api/v1/100001/crm/Accounts", filter=f"Code eq '{codes[4]}'")
    assert [r["Code"] for r in found["results"]] == [codes[4]]
    unpadded = await get(
        client, "/api/v1/100001/crm/Accounts", filter=f"Code eq '{codes[4].strip()}'"
    )
    assert unpadded["results"] == []
    lines = await get(client, LINES, filter="AccountCode ne null", top="5")
    for line in lines["results"]:
        assert line["GLAccountCode"] == line["GLAccountCode"].strip()
        assert len(line["AccountCode"]) == 18
