"""The Exact sandbox's writes: entries and accounts validated as Exact does, in its error
envelope, and what it accepts served by its read and sync endpoints."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import httpx

from ledgerbus_sandboxes.exact import create_app
from ledgerbus_sandboxes.exact.testing import signed_in

API = "/api/v1/100001"


async def _gl(http: httpx.AsyncClient, code: str) -> str:
    found = await http.get(
        f"{API}/financial/GLAccounts", params={"$filter": f"Code eq '{code}'", "$select": "ID"}
    )
    return str(found.json()["d"]["results"][0]["ID"])


async def _codes(http: httpx.AsyncClient) -> tuple[str, str]:
    """(a revenue account's code, another profit-and-loss account's code) of the division."""
    rows = (
        await http.get(
            f"{API}/financial/GLAccounts",
            params={"$filter": "BalanceType eq 'W' and IsBlocked eq false", "$select": "Code"},
        )
    ).json()["d"]["results"]
    return str(rows[0]["Code"]), str(rows[1]["Code"])


async def _lines(http: httpx.AsyncClient, flt: str) -> list[dict[str, Any]]:
    found = await http.get(f"{API}/financialtransaction/TransactionLines", params={"$filter": flt})
    assert found.status_code == 200, found.text
    return list(found.json()["d"]["results"])


async def test_a_sales_entry_with_a_new_account_is_served_as_balanced_lines() -> None:
    async with signed_in(create_app()) as http:
        made = await http.post(
            f"{API}/crm/Accounts", json={"Code": "9001", "Name": "Nieuw BV", "Status": "C"}
        )
        assert made.status_code == 201, made.text
        revenue, _ = await _codes(http)
        body = {
            "Journal": "VRK",
            "EntryDate": "2026-11-30T00:00:00",
            "Customer": made.json()["d"]["ID"],
            "YourRef": "LB0001",
            "Description": "Consultancy",
            "SalesEntryLines": [
                {"GLAccount": await _gl(http, revenue), "AmountFC": 100, "VATCode": "2"}
            ],
        }
        booked = await http.post(f"{API}/salesentry/SalesEntries", json=body)
        assert booked.status_code == 201, booked.text
        lines = await _lines(http, "YourRef eq 'LB0001'")
        synced = await http.get(
            f"{API}/sync/CRM/Accounts",
            params={"$filter": "Timestamp gt 1", "$select": "ID,Code,Name"},
        )
    assert booked.json()["d"]["EntryID"] == lines[0]["EntryID"]
    assert len(lines) == 3
    assert sum(Decimal(str(r["AmountDC"])) for r in lines) == 0
    assert sorted(Decimal(str(r["AmountDC"])) for r in lines) == [
        Decimal(-100),
        Decimal(-21),
        Decimal(121),
    ]
    assert {r["AccountCode"] for r in lines} == {"9001".rjust(18)}
    assert "9001".rjust(18) in {r["Code"] for r in synced.json()["d"]["results"]}


async def test_a_journal_entry_balances_and_is_refused_in_exacts_envelope_otherwise() -> None:
    async with signed_in(create_app()) as http:
        first, second = await _codes(http)
        gl1, gl2 = await _gl(http, first), await _gl(http, second)

        def entry(credit: float, gl: str = gl2, journal: str = "MEM") -> dict[str, Any]:
            return {
                "JournalCode": journal,
                "GeneralJournalEntryLines": [
                    {"GLAccount": gl1, "AmountFC": 50, "Date": "2026-11-30", "Description": "LBX"},
                    {"GLAccount": gl, "AmountFC": credit, "Description": "LBX"},
                ],
            }

        url = f"{API}/generaljournalentry/GeneralJournalEntries"
        unbalanced = await http.post(url, json=entry(-49))
        unknown = await http.post(url, json=entry(-50, gl="00000000-0000-0000-0000-000000000000"))
        wrong_journal = await http.post(url, json=entry(-50, journal="VRK"))
        letters = await http.post(f"{API}/crm/Accounts", json={"Code": "AB12", "Name": "X"})
        assert not await _lines(http, "Description eq 'LBX'")
        booked = await http.post(url, json=entry(-50))
        lines = await _lines(http, "Description eq 'LBX'")
    for refused in (unbalanced, unknown, wrong_journal, letters):
        assert refused.status_code == 400
        assert set(refused.json()["error"]) == {"code", "message"}
    assert "not in balance" in unbalanced.json()["error"]["message"]["value"]
    assert "does not exist" in unknown.json()["error"]["message"]["value"]
    assert "not a general journal" in wrong_journal.json()["error"]["message"]["value"]
    assert booked.status_code == 201, booked.text
    assert sorted(r["AmountDC"] for r in lines) == [-50, 50]


async def test_a_write_fault_books_the_entry_and_then_answers_an_error() -> None:
    async with signed_in(create_app()) as http:
        first, second = await _codes(http)
        gl1, gl2 = await _gl(http, first), await _gl(http, second)
        queued = await http.post(
            "/_sandbox/write-faults", json={"path_contains": "GeneralJournal", "status": 503}
        )
        assert queued.status_code == 201
        body = {
            "JournalCode": "MEM",
            "GeneralJournalEntryLines": [
                {"GLAccount": gl1, "AmountFC": 5, "Date": "2026-11-30", "Description": "LBF"},
                {"GLAccount": gl2, "AmountFC": -5, "Description": "LBF"},
            ],
        }
        answered = await http.post(f"{API}/generaljournalentry/GeneralJournalEntries", json=body)
        lines = await _lines(http, "Description eq 'LBF'")
        pending = (await http.get("/_sandbox/write-faults")).json()
    assert answered.status_code == 503
    assert answered.json()["error"]["message"]["value"] == "Gateway timeout"
    assert len(lines) == 2 and pending == []
