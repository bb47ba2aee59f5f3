"""Postings into Exact Online and Twinfield through the ledger-store and their connectors,
against the sandboxes over HTTP and the real Kafka and PostgreSQL.

For each package: a sales invoice with a new debtor (its account or DEB dimension created
first) and a journal entry are booked once, appear in the mirror at once and a following
incremental sync changes nothing; a relation code the package refuses is a 422 and the
sandbox receives no write; a write that succeeds and then times out ends with exactly one
booking, found by its reference (Exact's ``YourRef``, Twinfield's invoice number); a
write the package refuses ends failed with its message. Exact: a write whose outcome
stayed uncertain and whose lookup then failed ends ``maybe_booked``, naming its reference.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest

from ledgerbus_connectorkit.postings import MAYBE_BOOKED
from ledgerbus_connectorkit.postings import posting_reference as reference
from ledgerbus_contracts import SyncMode
from ledgerbus_ledger_store.core.config import Settings as LedgerSettings
from ledgerbus_ledger_store.main import create_app as ledger_store
from ledgerbus_servicekit import ServiceSettings
from ledgerbus_servicekit.testing import running_app
from tests.e2e import postings as shared

pytestmark = [pytest.mark.e2e, pytest.mark.integration]
Settings = Callable[..., ServiceSettings]


@dataclass(frozen=True)
class Case:
    """One package's side of the test."""

    rig: Callable[..., shared.Rig]
    dialect: shared.Dialect
    vat: str
    refused_code: str
    refused_rule: str
    amount: str
    """The served line's signed amount field."""
    late_path: str
    late_write: str
    refused_path: str
    refused_message: str


CASES = {
    "exact": Case(
        shared.exact_rig,
        shared.EXACT,
        vat="2",
        refused_code="AB12",
        refused_rule="numbers of at most 18 digits",
        amount="AmountDC",
        late_path="SalesEntries",
        late_write="POST /api/v1/100001/salesentry/SalesEntries",
        refused_path="GeneralJournal",
        refused_message="Exact refused it (400): Injected fault 400",
    ),
    "twinfield": Case(
        shared.twinfield_rig,
        shared.TWINFIELD,
        vat="VH",
        refused_code="AB-12",
        refused_rule="1 to 16 letters or digits",
        amount="fin.trs.line.valuesigned",
        late_path="transaction",
        late_write="write <transactions>",
        refused_path="processxml",
        refused_message="Twinfield refused it (400 100): Injected fault",
    ),
}


def _amounts(case: Case, lines: list[dict[str, Any]]) -> list[Decimal]:
    return sorted(Decimal(str(line[case.amount])) for line in lines)


async def _maybe_booked(books: shared.Books) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Exact books a journal entry and answers 503; the lookup then gets a 400."""
    await books.control(
        "/_sandbox/write-faults", {"path_contains": "GeneralJournal", "status": 503}
    )
    await books.control("/_sandbox/faults", {"status": 400, "path_contains": "TransactionL"})
    await books.post(shared.journal("je-doubt", "MEM"))
    return await books.finished("je-doubt"), await books.booked(reference("je-doubt"))


@pytest.mark.parametrize("package", sorted(CASES))
async def test_postings_are_booked_once_and_mirrored_at_once(
    service_settings: Settings, package: str
) -> None:
    case = CASES[package]
    async with (
        case.rig(service_settings, http_timeout_seconds=2.0) as (rig, _),
        running_app(ledger_store(service_settings(LedgerSettings))) as ledger,
    ):
        books = shared.Books(rig, ledger, case.dialect)
        await books.synced(SyncMode.FULL)
        await books.open_from("2026-11")
        writes_before = await books.writes()
        relation = {"code": case.refused_code, "name": "Letters BV"}
        letters = await books.post(shared.invoice("r1", "VRK", case.vat, relation=relation))
        unbalanced = await books.post(shared.journal("r2", "MEM", credit="-49.00"))
        assert await books.writes() == writes_before

        sale = shared.invoice("inv-1", "VRK", case.vat)
        booked = await shared.book_and_mirror(
            books, sale, shared.journal("je-1", "MEM"), reference("inv-1")
        )
        journal_lines = await books.booked(reference("je-1"))
        late = await shared.late_write(
            books,
            shared.invoice("inv-late", "VRK", case.vat),
            case.late_path,
            reference("inv-late"),
        )
        refused = shared.journal("je-refused", "MEM")
        failed = await shared.refused_by_package(books, refused, case.refused_path)
        doubtful = await _maybe_booked(books) if package == "exact" else None

    assert letters.status_code == unbalanced.status_code == 422
    assert case.refused_rule in letters.json()["detail"][0]["msg"]
    assert "do not balance" in unbalanced.json()["detail"][0]["msg"]
    booked.check()
    # the receivable, the revenue, the VAT
    assert _amounts(case, booked.invoiced) == [Decimal(-100), Decimal(-21), Decimal(121)]
    assert _amounts(case, journal_lines) == [Decimal(-50), Decimal(50)]
    assert late.answer == 202 and late.posting["state"] == "succeeded"
    assert len(late.booked) == 3
    assert late.pending == []  # the write was booked and then answered late
    assert late.writes == [case.late_write]  # looked up, never sent again
    assert failed["state"] == "failed" and failed["error"]["kind"] == "refused"
    assert case.refused_message in failed["error"]["message"]
    if doubtful is not None:
        posting, lines = doubtful
        assert posting["state"] == "failed" and len(lines) == 2
        assert posting["error"]["kind"] == MAYBE_BOOKED
        expected = f"MAY be booked in the package under reference {reference('je-doubt')}"
        assert expected in posting["error"]["message"]
