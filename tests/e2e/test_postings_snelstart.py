"""Postings into SnelStart through the ledger-store and connector-snelstart, against the
SnelStart sandbox over HTTP and the real Kafka and PostgreSQL.

A sales invoice with a new debtor and a journal entry are booked once, appear in the
mirror at once (a sync with trigger ``posting``) and a following incremental sync
changes nothing; what the package would refuse is a 422 and the sandbox receives no
write; a write that succeeds and then times out, and an attempt that was recorded but
never learned its outcome (a connector killed after the package accepted it), each end
with exactly one booking; a posting the package refuses ends failed with its message.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import asyncpg
import httpx
import pytest

from ledgerbus_connector_snelstart.core.config import Settings as ConnectorSettings
from ledgerbus_connector_snelstart.testing import snelstart_rig
from ledgerbus_connectorkit.postings import posting_reference as reference
from ledgerbus_connectorkit.testing import ConformanceRig
from ledgerbus_contracts import EntityType, SyncMode
from ledgerbus_ledger_store.core.config import Settings as LedgerSettings
from ledgerbus_ledger_store.main import create_app as ledger_store
from ledgerbus_sandboxes.snelstart.testing import api_headers
from ledgerbus_servicekit import ServiceSettings
from ledgerbus_servicekit.testing import eventually, running_app

pytestmark = [pytest.mark.e2e, pytest.mark.integration]
OPERATOR = {"Authorization": "Bearer dev-operator-token"}
Settings = Callable[..., ServiceSettings]


class Books:
    """The ledger-store's API and the sandbox, for one administration."""

    def __init__(self, rig: ConformanceRig, ledger: httpx.AsyncClient) -> None:
        self.rig, self.ledger = rig, ledger
        self.admin = rig.administration_id

    async def synced(self, mode: SyncMode) -> dict[str, Any]:
        sync_id = await self.rig.request(mode)
        return await self.sync(sync_id)

    async def sync(self, sync_id: str) -> dict[str, Any]:
        async def done() -> dict[str, Any] | None:
            response = await self.ledger.get(f"/v1/syncs/{sync_id}", headers=OPERATOR)
            body: dict[str, Any] = response.json()
            return body if response.status_code == 200 and body["state"] == "succeeded" else None

        return await eventually(done, timeout=120, what=f"sync {sync_id}")

    async def post(self, body: dict[str, Any]) -> httpx.Response:
        return await self.ledger.post(
            f"/v1/administrations/{self.admin}/postings", json=body, headers=OPERATOR
        )

    async def finished(self, posting_id: str) -> dict[str, Any]:
        async def done() -> dict[str, Any] | None:
            body: dict[str, Any] = (
                await self.ledger.get(f"/v1/postings/{posting_id}", headers=OPERATOR)
            ).json()
            return body if body.get("state") in ("succeeded", "failed") else None

        return await eventually(done, timeout=120, what=f"posting {posting_id}")

    async def mirrored(self, entity_type: EntityType) -> dict[str, dict[str, Any]]:
        response = await self.ledger.get(
            f"/v1/administrations/{self.admin}/entities/{entity_type}",
            params={"limit": "5000"},
            headers=OPERATOR,
        )
        return {item["source_id"]: item for item in response.json()["items"]}

    async def booked(self, reference: str) -> list[dict[str, Any]]:
        lines = await self.rig.sandbox_records(EntityType.TRANSACTION_LINE)
        return [line for line in lines if line["boekstuk"] == reference]

    async def writes(self) -> list[str]:
        return [r for r in await self.rig.sandbox_requests() if r.startswith("POST /v2/")]

    async def control(self, path: str, body: dict[str, Any]) -> None:
        async with httpx.AsyncClient(base_url=self.rig.sandbox_url) as sandbox:
            (await sandbox.post(path, json=body)).raise_for_status()


def invoice(posting_id: str, **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "posting_id": posting_id,
        "kind": "sales_invoice",
        "date": "2026-11-30",
        "daybook_code": "12",
        "reference": f"F-{posting_id}",
        "description": "Consultancy",
        "relation": {"code": "1001", "name": "Nieuw BV", "email": "nieuw@example.com"},
        "lines": [{"gl_account_code": "4300", "amount": "100.00", "vat_code": "Hoog"}],
    }
    return body | changes


def journal(posting_id: str, debit: str = "50.00", credit: str = "-50.00") -> dict[str, Any]:
    return {
        "posting_id": posting_id,
        "kind": "journal_entry",
        "date": "2026-11-30",
        "daybook_code": "14",
        "reference": posting_id,
        "lines": [
            {"gl_account_code": "1060", "amount": debit},
            {"gl_account_code": "1070", "amount": credit},
        ],
    }


async def test_postings_into_snelstart_are_booked_once_and_mirrored_at_once(
    service_settings: Settings,
) -> None:
    async with (
        snelstart_rig(service_settings, http_timeout_seconds=2.0) as (rig, _),
        running_app(ledger_store(service_settings(LedgerSettings))) as ledger,
    ):
        books = Books(rig, ledger)
        await books.synced(SyncMode.FULL)
        await ledger.patch(
            f"/v1/administrations/{books.admin}/dossier",
            headers=OPERATOR,
            json={"active_period": "2026-11"},
        )
        writes_before = await books.writes()
        refused = {
            "letters": await books.post(
                invoice("r1", relation={"code": "AB12", "name": "Letters BV"})
            ),
            "unbalanced": await books.post(journal("r2", credit="-49.00")),
            "unknown": await books.post(
                invoice("r3", lines=[{"gl_account_code": "7777", "amount": "1.00"}])
            ),
            "vat": await books.post(
                invoice(
                    "r4",
                    lines=[{"gl_account_code": "4300", "amount": "1.00", "vat_code": "BTW21"}],
                )
            ),
            "closed": await books.post(invoice("r5", date="2026-10-15")),
        }
        assert await books.writes() == writes_before

        first = await books.post(invoice("inv-1"))
        again = await books.post(invoice("inv-1"))
        entry = await books.post(journal("je-1"))
        sold, journaled = await books.finished("inv-1"), await books.finished("je-1")
        await books.sync(sold["sync_id"])
        await books.sync(journaled["sync_id"])
        contacts = await books.mirrored(EntityType.CONTACT)
        lines = await books.mirrored(EntityType.TRANSACTION_LINE)
        incremental = await books.synced(SyncMode.INCREMENTAL)
        after = await books.mirrored(EntityType.TRANSACTION_LINE)
        invoiced = await books.booked(reference("inv-1"))
        dossier = (
            await ledger.get(f"/v1/administrations/{books.admin}/dossier", headers=OPERATOR)
        ).json()

        await books.control(
            "/_sandbox/write-faults", {"path_contains": "verkoopboekingen", "delay_seconds": 4}
        )
        before_late = await books.writes()
        late = await books.post(invoice("inv-late"))
        timed_out = await books.finished("inv-late")
        late_booked = await books.booked(reference("inv-late"))
        late_writes = (await books.writes())[len(before_late) :]
        async with httpx.AsyncClient(base_url=rig.sandbox_url) as sandbox:
            pending = (await sandbox.get("/_sandbox/write-faults")).json()

        await books.control(
            "/_sandbox/faults", {"status": 400, "path_contains": "memoriaalboekingen"}
        )
        await books.post(journal("je-refused"))
        failed = await books.finished("je-refused")

    messages = {k: r.json()["detail"][0]["msg"] for k, r in refused.items()}
    assert {r.status_code for r in refused.values()} == {422}
    assert "not 'AB12'" in messages["letters"]
    assert "do not balance" in messages["unbalanced"]
    assert messages["unknown"] == "GL account 7777 does not exist"
    assert "does not accept VAT code 'BTW21'" in messages["vat"]
    assert "closed period" in messages["closed"]

    assert first.status_code == again.status_code == entry.status_code == 202
    assert sold["state"] == journaled["state"] == "succeeded"
    assert len(invoiced) == 3 and sum(Decimal(str(r["saldo"])) for r in invoiced) == 0
    created = {(r["entity_type"], r["source_id"]) for r in sold["created"]}
    assert {r["id"] for r in invoiced} == {s for t, s in created if t == "transaction_line"}
    new_debtor = [s for t, s in created if t == "contact"]
    assert [contacts[s]["code"] for s in new_debtor] == ["1001"]
    assert {s for t, s in created if t == "transaction_line"} <= set(lines)
    assert incremental["applied"].get("transaction_line", 0) == 0
    assert incremental["applied"].get("contact", 0) == 0
    assert after == lines
    assert dossier["booking_proposal_counter"] == 2

    assert late.status_code == 202 and timed_out["state"] == "succeeded"
    assert len(late_booked) == 3
    assert pending == []  # the write was booked and then answered late
    assert late_writes == ["POST /v2/verkoopboekingen"]  # looked up, never sent again
    assert failed["state"] == "failed"
    assert failed["error"]["kind"] == "refused"
    assert "ALG-0102: Injected fault 400" in failed["error"]["message"]


async def test_an_attempt_killed_after_the_package_accepted_it_is_found_not_booked_again(
    service_settings: Settings,
) -> None:
    async with (
        snelstart_rig(service_settings) as (rig, _),
        running_app(ledger_store(service_settings(LedgerSettings))) as ledger,
    ):
        books = Books(rig, ledger)
        await books.synced(SyncMode.FULL)
        ref = reference("je-killed")
        # What a connector SIGKILLed between the package's 201 and recording it leaves:
        # the attempt recorded as sending, and the booking made in the package.
        settings = service_settings(ConnectorSettings)
        conn = await asyncpg.connect(
            settings.database_url, server_settings={"search_path": settings.database_schema}
        )
        try:
            await conn.execute(
                "INSERT INTO posting_attempts (posting_id, administration_id, reference,"
                " attempts) VALUES ('je-killed', $1, $2, 1)",
                books.admin,
                ref,
            )
        finally:
            await conn.close()
        async with httpx.AsyncClient(base_url=rig.sandbox_url) as sandbox:
            headers = await api_headers(sandbox)
            accounts = {
                r["nummer"]: r["id"]
                for r in (await sandbox.get("/v2/grootboeken", headers=headers)).json()
            }
            daybooks = {
                r["nummer"]: r["id"]
                for r in (await sandbox.get("/v2/dagboeken", headers=headers)).json()
            }
            made = await sandbox.post(
                "/v2/memoriaalboekingen",
                headers=headers,
                json={
                    "boekstuk": ref,
                    "datum": "2026-11-30T00:00:00",
                    "dagboek": {"id": daybooks[14]},
                    "memoriaalBoekingsRegels": [
                        {"grootboek": {"id": accounts[1060]}, "debet": 50, "credit": 0},
                        {"grootboek": {"id": accounts[1070]}, "debet": 0, "credit": 50},
                    ],
                },
            )
            assert made.status_code == 201, made.text
        writes = len(await books.writes())
        assert (await books.post(journal("je-killed"))).status_code == 202
        posting = await books.finished("je-killed")
        booked = await books.booked(ref)
        assert len(await books.writes()) == writes
    assert posting["state"] == "succeeded"
    assert len(booked) == 2
    assert {r["source_id"] for r in posting["created"]} == {r["id"] for r in booked}
