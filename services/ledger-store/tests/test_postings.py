"""Postings: checked against the mirror (422 names every problem, nothing is queued), recorded
once per posting id with its PostEntries in the outbox, and the connector's outcome recorded."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

import pytest

from ledgerbus_contracts import (
    EntitiesUpserted,
    EntityType,
    EntityTypeTotals,
    Message,
    Package,
    SyncChangesEnded,
    SyncChangesStarted,
    SyncMode,
    SyncTrigger,
)
from ledgerbus_contracts.entities import Contact, Daybook, EntityBase, GlAccount, VatCode
from ledgerbus_contracts.postings import (
    PostedRecord,
    PostEntries,
    PostingError,
    PostingFailed,
    PostingSucceeded,
)
from ledgerbus_ledger_store.testing import ADMIN, AT, OPERATOR, Ledger, running_ledger
from ledgerbus_servicekit import ServiceSettings
from ledgerbus_servicekit.testing import TopicReader, eventually

pytestmark = pytest.mark.integration
Settings = Callable[..., ServiceSettings]
BASE = {"administration_id": ADMIN, "source_version": 1}


def _mirror() -> dict[EntityType, list[EntityBase]]:
    return {
        EntityType.GL_ACCOUNT: [
            GlAccount(**BASE, source_id=f"g{c}", code=c, name=c, account_type=t, blocked=c == "9")
            for c, t in (("8000", "profit_loss"), ("1300", "balance"), ("4000", "profit_loss"))
        ]
        + [
            GlAccount(
                **BASE, source_id="g9", code="9", name="x", account_type="balance", blocked=True
            )
        ],
        EntityType.VAT_CODE: [
            VatCode(**BASE, source_id=c, code=c, description=c, percentage=Decimal(p))
            for c, p in (("Hoog", "21"), ("Geen", "0"), ("Overig", "0"))
        ],
        EntityType.DAYBOOK: [
            Daybook(**BASE, source_id=f"d{c}", code=c, name=c, daybook_type=t)
            for c, t in (("12", "sales"), ("14", "general"))
        ],
        EntityType.CONTACT: [Contact(**BASE, source_id="c1", code="1", name="Klant 1")],
    }


async def _synced(ledger: Ledger) -> None:
    mirror = _mirror()
    events: list[Message] = [
        SyncChangesStarted(
            administration_id=ADMIN,
            sync_id="s1",
            mode=SyncMode.FULL,
            entity_types=tuple(mirror),
            started_at=AT,
            tenant_id="t1",
            package=Package.SNELSTART,
            trigger=SyncTrigger.MANUAL,
        )
    ]
    events += [
        EntitiesUpserted(
            administration_id=ADMIN, sync_id="s1", entity_type=t, page_seq=0, records=list(rows)
        )
        for t, rows in mirror.items()
    ]
    events.append(
        SyncChangesEnded(
            administration_id=ADMIN,
            sync_id="s1",
            mode=SyncMode.FULL,
            started_at=AT,
            ended_at=AT,
            totals={t: EntityTypeTotals(records=len(r), pages=1) for t, r in mirror.items()},
        )
    )
    await ledger.publish(events)
    await ledger.sync("s1")
    await ledger.api.patch(
        f"/v1/administrations/{ADMIN}/dossier", headers=OPERATOR, json={"active_period": "2026-11"}
    )


def invoice(posting_id: str, **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "posting_id": posting_id,
        "kind": "sales_invoice",
        "date": "2026-11-30",
        "daybook_code": "12",
        "reference": "F2026-0001",
        "relation": {"code": "1001", "name": "Nieuw BV", "email": "a@b.example"},
        "lines": [{"gl_account_code": "8000", "amount": "100.00", "vat_code": "Hoog"}],
    }
    return body | changes


def journal(posting_id: str, lines: Sequence[tuple[str, str, str | None]]) -> dict[str, Any]:
    return {
        "posting_id": posting_id,
        "kind": "journal_entry",
        "date": "2026-11-30",
        "daybook_code": "14",
        "reference": "M1",
        "lines": [{"gl_account_code": g, "amount": a, "vat_code": v} for g, a, v in lines],
    }


async def _post(ledger: Ledger, body: dict[str, Any]) -> Any:
    return await ledger.api.post(
        f"/v1/administrations/{ADMIN}/postings", json=body, headers=OPERATOR
    )


async def test_a_posting_the_package_would_refuse_is_a_422_naming_every_problem(
    service_settings: Settings,
) -> None:
    async with running_ledger(service_settings) as ledger:
        await _synced(ledger)
        refused = {
            "letters": await _post(ledger, invoice("p1", relation={"code": "AB12", "name": "X"})),
            "unbalanced": await _post(
                ledger, journal("p2", [("1300", "10.00", None), ("4000", "-9.00", None)])
            ),
            "unknown": await _post(
                ledger, invoice("p3", lines=[{"gl_account_code": "7777", "amount": "1.00"}])
            ),
            "vat": await _post(
                ledger,
                invoice(
                    "p4", lines=[{"gl_account_code": "8000", "amount": "1", "vat_code": "Overig"}]
                ),
            ),
            "closed": await _post(ledger, invoice("p5", date="2026-10-31")),
            "all": await _post(
                ledger,
                invoice(
                    "p6",
                    daybook_code="14",
                    lines=[{"gl_account_code": "9", "amount": "1.001", "cost_center_code": "K1"}],
                ),
            ),
        }
        listed = await ledger.api.get(f"/v1/administrations/{ADMIN}/postings", headers=OPERATOR)
    messages = {k: [d["msg"] for d in r.json()["detail"]] for k, r in refused.items()}
    assert {r.status_code for r in refused.values()} == {422}
    assert messages["letters"] == [
        "SnelStart relation codes are numbers (1 to 2147483647), not 'AB12'"
    ]
    assert messages["unbalanced"] == ["the lines do not balance: with VAT they sum to 1.00"]
    assert messages["unknown"] == ["GL account 7777 does not exist"]
    assert "does not accept VAT code 'Overig'" in messages["vat"][0]
    assert "(accepted: Geen, Hoog)" in messages["vat"][0]
    assert messages["closed"] == [
        "2026-10-31 lies in a closed period: the active period is 2026-11"
    ]
    assert len(messages["all"]) == 4
    assert listed.json() == []


async def test_a_posting_is_queued_once_and_its_outcome_recorded_once(
    service_settings: Settings,
) -> None:
    async with running_ledger(service_settings) as ledger:
        await _synced(ledger)
        first = await _post(ledger, invoice("inv-1"))
        again = await _post(ledger, invoice("inv-1", reference="other"))
        entry = await _post(
            ledger, journal("je-1", [("1300", "100.00", None), ("4000", "-100.00", None)])
        )
        topics = ledger.settings.topics
        async with TopicReader(ledger.settings.kafka_bootstrap_servers, topics.postings) as reader:
            await reader.wait_for(lambda records: len(records) >= 2)
            commands = [e.data for e in reader.envelopes()]
        sending = await ledger.api.get("/v1/postings/inv-1", headers=OPERATOR)
        outcome = PostingSucceeded(
            administration_id=ADMIN,
            posting_id="inv-1",
            tenant_id="t1",
            package=Package.SNELSTART,
            reference="LB1",
            created=(PostedRecord(entity_type=EntityType.CONTACT, source_id="c9"),),
            at=AT,
        )
        failure = PostingFailed(
            administration_id=ADMIN,
            posting_id="je-1",
            tenant_id="t1",
            package=Package.SNELSTART,
            error=PostingError(kind="refused", message="BKG-0001: niet in balans"),
            at=AT + dt.timedelta(seconds=1),
        )
        await ledger.publish([outcome, outcome, failure])

        async def done() -> dict[str, Any] | None:
            body = (
                await ledger.api.get(f"/v1/administrations/{ADMIN}/postings", headers=OPERATOR)
            ).json()
            return body if {p["state"] for p in body} == {"succeeded", "failed"} else None

        postings = {p["posting_id"]: p for p in await eventually(done, timeout=30, what="outcomes")}
        dossier = (
            await ledger.api.get(f"/v1/administrations/{ADMIN}/dossier", headers=OPERATOR)
        ).json()
        failed = await ledger.api.get(
            f"/v1/administrations/{ADMIN}/postings", params={"state": "failed"}, headers=OPERATOR
        )
    assert first.status_code == again.status_code == entry.status_code == 202
    assert again.json()["reference"] == "F2026-0001"
    assert sorted(c.posting_id for c in commands if isinstance(c, PostEntries)) == ["inv-1", "je-1"]
    assert sending.json()["state"] == "sending"
    assert postings["inv-1"]["created"] == [{"entity_type": "contact", "source_id": "c9"}]
    assert postings["je-1"]["error"] == {"kind": "refused", "message": "BKG-0001: niet in balans"}
    assert [p["posting_id"] for p in failed.json()] == ["je-1"]
    assert dossier["booking_proposal_counter"] == 1
