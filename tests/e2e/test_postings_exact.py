"""Postings into Exact Online through the ledger-store and connector-exact, against the
Exact sandbox over HTTP and the real Kafka and PostgreSQL.

A sales invoice with a new debtor (its account created first) and a journal entry are
booked once, appear in the mirror at once and a following incremental sync changes
nothing; what Exact would refuse is a 422 and the sandbox receives no write; a write that
succeeds and then times out ends with exactly one booking, found by its ``YourRef``; a
posting Exact refuses ends failed with Exact's message; a write whose outcome stayed
uncertain and whose lookup then failed ends ``maybe_booked``, naming its reference.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest

from ledgerbus_connectorkit.postings import MAYBE_BOOKED
from ledgerbus_connectorkit.postings import posting_reference as reference
from ledgerbus_contracts import SyncMode
from ledgerbus_ledger_store.core.config import Settings as LedgerSettings
from ledgerbus_ledger_store.main import create_app as ledger_store
from ledgerbus_servicekit import ServiceSettings
from ledgerbus_servicekit.testing import running_app
from tests.e2e.postings import (
    EXACT,
    Books,
    book_and_mirror,
    exact_rig,
    invoice,
    journal,
    late_write,
    refused_by_package,
)

pytestmark = [pytest.mark.e2e, pytest.mark.integration]
Settings = Callable[..., ServiceSettings]


async def test_postings_into_exact_are_booked_once_and_mirrored_at_once(
    service_settings: Settings,
) -> None:
    async with (
        exact_rig(service_settings, http_timeout_seconds=2.0) as (rig, _),
        running_app(ledger_store(service_settings(LedgerSettings))) as ledger,
    ):
        books = Books(rig, ledger, EXACT)
        await books.synced(SyncMode.FULL)
        await books.open_from("2026-11")
        writes_before = await books.writes()
        letters = await books.post(
            invoice("r1", "VRK", "2", relation={"code": "AB12", "name": "Letters BV"})
        )
        unbalanced = await books.post(journal("r2", "MEM", credit="-49.00"))
        assert await books.writes() == writes_before

        booked = await book_and_mirror(
            books, invoice("inv-1", "VRK", "2"), journal("je-1", "MEM"), reference("inv-1")
        )
        journal_lines = await books.booked(reference("je-1"))
        late = await late_write(
            books, invoice("inv-late", "VRK", "2"), "SalesEntries", reference("inv-late")
        )
        failed = await refused_by_package(books, journal("je-refused", "MEM"), "GeneralJournal")

        await books.control(
            "/_sandbox/write-faults", {"path_contains": "GeneralJournal", "status": 503}
        )
        await books.control("/_sandbox/faults", {"status": 400, "path_contains": "TransactionL"})
        await books.post(journal("je-doubt", "MEM"))
        doubtful = await books.finished("je-doubt")
        doubtful_lines = await books.booked(reference("je-doubt"))

    assert letters.status_code == unbalanced.status_code == 422
    assert "numbers of at most 18 digits" in letters.json()["detail"][0]["msg"]
    assert "do not balance" in unbalanced.json()["detail"][0]["msg"]

    booked.check()
    assert len(booked.invoiced) == 3  # the receivable, the revenue, the VAT
    assert sorted(Decimal(str(r["AmountDC"])) for r in booked.invoiced) == [
        Decimal(-100),
        Decimal(-21),
        Decimal(121),
    ]
    assert {r["YourRef"] for r in booked.invoiced} == {reference("inv-1")}
    assert sorted(r["AmountDC"] for r in journal_lines) == [-50, 50]
    assert late.answer == 202 and late.posting["state"] == "succeeded"
    assert len(late.booked) == 3
    assert late.pending == []  # the write was booked and then answered late
    assert late.writes == ["POST /api/v1/100001/salesentry/SalesEntries"]  # never sent again
    assert failed["state"] == "failed"
    assert failed["error"]["kind"] == "refused"
    assert "Exact refused it (400): Injected fault 400" in failed["error"]["message"]
    assert doubtful["state"] == "failed" and len(doubtful_lines) == 2
    assert doubtful["error"]["kind"] == MAYBE_BOOKED
    assert (
        f"MAY be booked in the package under reference {reference('je-doubt')}"
        in (doubtful["error"]["message"])
    )
