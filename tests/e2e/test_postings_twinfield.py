"""Postings into Twinfield through the ledger-store and connector-twinfield, against the
Twinfield sandbox over HTTP and the real Kafka and PostgreSQL.

A sales invoice with a new debtor (its DEB dimension created first) and a journal entry
are booked once, appear in the mirror at once and a following incremental sync changes
nothing; a relation code Twinfield refuses is a 422 and the sandbox receives no write; a
write that succeeds and then times out ends with exactly one booking, found by its
invoice number; a write Twinfield refuses ends failed with its message.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest

from ledgerbus_connectorkit.postings import posting_reference as reference
from ledgerbus_contracts import SyncMode
from ledgerbus_ledger_store.core.config import Settings as LedgerSettings
from ledgerbus_ledger_store.main import create_app as ledger_store
from ledgerbus_servicekit import ServiceSettings
from ledgerbus_servicekit.testing import running_app
from tests.e2e.postings import (
    TWINFIELD,
    Books,
    book_and_mirror,
    invoice,
    journal,
    late_write,
    refused_by_package,
    twinfield_rig,
)

pytestmark = [pytest.mark.e2e, pytest.mark.integration]
Settings = Callable[..., ServiceSettings]


async def test_postings_into_twinfield_are_booked_once_and_mirrored_at_once(
    service_settings: Settings,
) -> None:
    async with (
        twinfield_rig(service_settings, http_timeout_seconds=2.0) as (rig, _),
        running_app(ledger_store(service_settings(LedgerSettings))) as ledger,
    ):
        books = Books(rig, ledger, TWINFIELD)
        await books.synced(SyncMode.FULL)
        await books.open_from("2026-11")
        writes_before = await books.writes()
        dashed = await books.post(
            invoice("r1", "VRK", "VH", relation={"code": "AB-12", "name": "Streepje BV"})
        )
        assert await books.writes() == writes_before

        booked = await book_and_mirror(
            books, invoice("inv-1", "VRK", "VH"), journal("je-1", "MEM"), reference("inv-1")
        )
        journal_lines = await books.booked(reference("je-1"))
        late = await late_write(
            books, invoice("inv-late", "VRK", "VH"), "transaction", reference("inv-late")
        )
        failed = await refused_by_package(books, journal("je-refused", "MEM"), "processxml")

    assert dashed.status_code == 422
    assert "1 to 16 letters or digits" in dashed.json()["detail"][0]["msg"]
    booked.check()
    assert len(booked.invoiced) == 3  # the receivable, the revenue, the VAT
    assert sorted(Decimal(r["fin.trs.line.valuesigned"]) for r in booked.invoiced) == [
        Decimal(-100),
        Decimal(-21),
        Decimal(121),
    ]
    assert sorted(Decimal(r["fin.trs.line.valuesigned"]) for r in journal_lines) == [-50, 50]
    assert late.answer == 202 and late.posting["state"] == "succeeded"
    assert len(late.booked) == 3
    assert late.pending == []  # the write was booked and then answered late
    assert late.writes == ["write <transactions>"]  # looked up, never sent again
    assert failed["state"] == "failed"
    assert failed["error"]["kind"] == "refused"
    assert "Twinfield refused it (400 100): Injected fault" in failed["error"]["message"]
