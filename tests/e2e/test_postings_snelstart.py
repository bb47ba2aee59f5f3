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

import asyncpg
import httpx
import pytest

from ledgerbus_connector_snelstart.core.config import Settings as ConnectorSettings
from ledgerbus_connector_snelstart.testing import snelstart_rig
from ledgerbus_connectorkit.postings import posting_reference as reference
from ledgerbus_contracts import SyncMode
from ledgerbus_ledger_store.core.config import Settings as LedgerSettings
from ledgerbus_ledger_store.main import create_app as ledger_store
from ledgerbus_sandboxes.snelstart.testing import api_headers
from ledgerbus_servicekit import ServiceSettings
from ledgerbus_servicekit.testing import running_app
from tests.e2e.postings import (
    SNELSTART,
    Books,
    book_and_mirror,
    invoice,
    journal,
    late_write,
    refused_by_package,
)

pytestmark = [pytest.mark.e2e, pytest.mark.integration]
OPERATOR = {"Authorization": "Bearer dev-operator-token"}
Settings = Callable[..., ServiceSettings]


async def test_postings_into_snelstart_are_booked_once_and_mirrored_at_once(
    service_settings: Settings,
) -> None:
    async with (
        snelstart_rig(service_settings, http_timeout_seconds=2.0) as (rig, _),
        running_app(ledger_store(service_settings(LedgerSettings))) as ledger,
    ):
        books = Books(rig, ledger, SNELSTART)
        await books.synced(SyncMode.FULL)
        await books.open_from("2026-11")
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

        booked = await book_and_mirror(books, invoice("inv-1"), journal("je-1"), reference("inv-1"))
        late = await late_write(
            books, invoice("inv-late"), "verkoopboekingen", reference("inv-late")
        )
        failed = await refused_by_package(books, journal("je-refused"), "memoriaalboekingen")

    messages = {k: r.json()["detail"][0]["msg"] for k, r in refused.items()}
    assert {r.status_code for r in refused.values()} == {422}
    assert "not 'AB12'" in messages["letters"]
    assert "do not balance" in messages["unbalanced"]
    assert messages["unknown"] == "GL account 7777 does not exist"
    assert "does not accept VAT code 'BTW21'" in messages["vat"]
    assert "closed period" in messages["closed"]

    booked.check()
    assert len(booked.invoiced) == 3
    assert sum(Decimal(str(r["saldo"])) for r in booked.invoiced) == 0
    assert late.answer == 202 and late.posting["state"] == "succeeded"
    assert len(late.booked) == 3
    assert late.pending == []  # the write was booked and then answered late
    assert late.writes == ["POST /v2/verkoopboekingen"]  # looked up, never sent again
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
        books = Books(rig, ledger, SNELSTART)
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
