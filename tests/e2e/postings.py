"""What the postings tests of every package share: the ledger-store's posting API and the
sandbox for one administration, the postings they send, and a rig for connector-exact."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from typing import Any

import httpx

from ledgerbus_connector_exact.core.config import Settings as ExactSettings
from ledgerbus_connector_exact.main import create_app as create_exact
from ledgerbus_connector_twinfield.core.config import Settings as TwinfieldSettings
from ledgerbus_connector_twinfield.main import create_app as create_twinfield
from ledgerbus_connector_twinfield.testing import OFFICE, demo_code
from ledgerbus_connectorkit.testing import ConformanceRig
from ledgerbus_connectorkit.testing.rig import Connected, connector_rig
from ledgerbus_contracts import EntityType, Package, SyncMode
from ledgerbus_sandboxes.exact import ExactSandboxConfig
from ledgerbus_sandboxes.exact import create_app as exact_sandbox
from ledgerbus_sandboxes.exact.consent import authorize
from ledgerbus_sandboxes.twinfield import create_app as twinfield_sandbox
from ledgerbus_servicekit.testing import eventually

Rig = AbstractAsyncContextManager[Connected]

OPERATOR = {"Authorization": "Bearer dev-operator-token"}


@dataclass(frozen=True)
class Dialect:
    """How one package's sandbox shows writes: their request prefix, and whether a
    served transaction line belongs to the booking under a reference."""

    writes: str
    booked: Callable[[dict[str, Any], str], bool]


SNELSTART = Dialect("POST /v2/", lambda line, ref: line["boekstuk"] == ref)
EXACT = Dialect(
    "POST /api/v1/",
    lambda line, ref: line["YourRef"] == ref or (line["Description"] or "").startswith(ref),
)
TWINFIELD = Dialect(
    "write <",
    lambda line, ref: (
        line["fin.trs.line.invnumber"] == ref and line["fin.trs.head.status"] == "normal"
    ),
)


def line_id(line: dict[str, Any]) -> str:
    """A served line's id as the connector's source id (Twinfield's is its key)."""
    return str(line.get("ID") or line["id"])


class Books:
    """The ledger-store's API and the sandbox, for one administration."""

    def __init__(self, rig: ConformanceRig, ledger: httpx.AsyncClient, dialect: Dialect) -> None:
        self.rig, self.ledger, self.dialect = rig, ledger, dialect
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

    async def open_from(self, period: str) -> None:
        """The dossier's active period (the earlier ones are closed)."""
        response = await self.ledger.patch(
            f"/v1/administrations/{self.admin}/dossier",
            headers=OPERATOR,
            json={"active_period": period},
        )
        response.raise_for_status()

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

    async def counter(self) -> int:
        """The dossier's booking-proposal counter."""
        response = await self.ledger.get(
            f"/v1/administrations/{self.admin}/dossier", headers=OPERATOR
        )
        return int(response.json()["booking_proposal_counter"])

    async def booked(self, reference: str) -> list[dict[str, Any]]:
        lines = await self.rig.sandbox_records(EntityType.TRANSACTION_LINE)
        return [line for line in lines if self.dialect.booked(line, reference)]

    async def writes(self) -> list[str]:
        prefix = self.dialect.writes
        return [r for r in await self.rig.sandbox_requests() if r.startswith(prefix)]

    async def control(self, path: str, body: dict[str, Any]) -> None:
        async with httpx.AsyncClient(base_url=self.rig.sandbox_url) as sandbox:
            (await sandbox.post(path, json=body)).raise_for_status()

    async def pending_write_faults(self) -> list[Any]:
        async with httpx.AsyncClient(base_url=self.rig.sandbox_url) as sandbox:
            pending: list[Any] = (await sandbox.get("/_sandbox/write-faults")).json()
            return pending


def invoice(posting_id: str, daybook: str = "12", vat: str = "Hoog", **changes: Any) -> Any:
    """A sales invoice of 100.00 net on 4300 for the new relation 1001."""
    body: dict[str, Any] = {
        "posting_id": posting_id,
        "kind": "sales_invoice",
        "date": "2026-11-30",
        "daybook_code": daybook,
        "reference": f"F-{posting_id}",
        "description": "Consultancy",
        "relation": {"code": "1001", "name": "Nieuw BV", "email": "nieuw@example.com"},
        "lines": [{"gl_account_code": "4300", "amount": "100.00", "vat_code": vat}],
    }
    return body | changes


def journal(
    posting_id: str, daybook: str = "14", debit: str = "50.00", credit: str = "-50.00"
) -> dict[str, Any]:
    """A journal entry from 1070 to 1060."""
    return {
        "posting_id": posting_id,
        "kind": "journal_entry",
        "date": "2026-11-30",
        "daybook_code": daybook,
        "reference": posting_id,
        "lines": [
            {"gl_account_code": "1060", "amount": debit},
            {"gl_account_code": "1070", "amount": credit},
        ],
    }


def exact_rig(service_settings: Callable[..., Any], **overrides: Any) -> Rig:
    """The Exact sandbox over HTTP (generous call limits), connector-exact running, and a
    connection to division 100001; ``overrides`` go to the connector's settings."""

    async def credentials(sandbox_url: str) -> dict[str, Any]:
        return {"code": await authorize(sandbox_url)}

    return connector_rig(
        service_settings,
        package=Package.EXACT,
        sandbox=exact_sandbox(ExactSandboxConfig(minutely_limit=1_000)),
        create_app=create_exact,
        settings=ExactSettings,
        sandbox_setting="exact_base_url",
        external_id="100001",
        credentials=credentials,
        **overrides,
    )


def twinfield_rig(service_settings: Callable[..., Any], **overrides: Any) -> Rig:
    """The Twinfield sandbox over HTTP, connector-twinfield running, and a connection to
    office NLA000001; ``overrides`` go to the connector's settings."""

    async def credentials(sandbox_url: str) -> dict[str, Any]:
        return {"code": await demo_code(sandbox_url)}

    return connector_rig(
        service_settings,
        package=Package.TWINFIELD,
        sandbox=twinfield_sandbox(),
        create_app=create_twinfield,
        settings=TwinfieldSettings,
        sandbox_setting="twinfield_login_url",
        external_id=OFFICE,
        credentials=credentials,
        **overrides,
    )


@dataclass(frozen=True)
class Booked:
    """What booking one invoice (sent twice) and one journal entry left behind."""

    answers: tuple[int, ...]
    sold: dict[str, Any]
    journaled: dict[str, Any]
    contacts: dict[str, dict[str, Any]]
    lines: dict[str, dict[str, Any]]
    incremental: dict[str, Any]
    after: tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]
    counter: int
    invoiced: list[dict[str, Any]]

    def check(self) -> None:
        """Booked once each, in the mirror at once, and the next sync changes nothing."""
        assert self.answers == (202, 202, 202)
        assert self.sold["state"] == self.journaled["state"] == "succeeded"
        created = {(r["entity_type"], r["source_id"]) for r in self.sold["created"]}
        booked_lines = {s for t, s in created if t == "transaction_line"}
        assert {line_id(r) for r in self.invoiced} == booked_lines
        assert [self.contacts[s]["code"] for t, s in created if t == "contact"] == ["1001"]
        assert booked_lines <= set(self.lines)
        assert self.incremental["applied"].get("transaction_line", 0) == 0
        assert self.after == (self.contacts, self.lines)  # Twinfield re-reads relations
        assert self.counter == 2


async def book_and_mirror(
    books: Books, sale: dict[str, Any], entry: dict[str, Any], reference: str
) -> Booked:
    """Post ``sale`` twice and ``entry`` once, wait for their posting syncs, then run an
    incremental sync; ``reference`` is the sale's reference in the package."""
    answers = [await books.post(sale), await books.post(sale), await books.post(entry)]
    sold = await books.finished(sale["posting_id"])
    journaled = await books.finished(entry["posting_id"])
    await books.sync(sold["sync_id"])
    await books.sync(journaled["sync_id"])
    contacts = await books.mirrored(EntityType.CONTACT)
    lines = await books.mirrored(EntityType.TRANSACTION_LINE)
    incremental = await books.synced(SyncMode.INCREMENTAL)
    return Booked(
        answers=tuple(r.status_code for r in answers),
        sold=sold,
        journaled=journaled,
        contacts=contacts,
        lines=lines,
        incremental=incremental,
        after=(
            await books.mirrored(EntityType.CONTACT),
            await books.mirrored(EntityType.TRANSACTION_LINE),
        ),
        counter=await books.counter(),
        invoiced=await books.booked(reference),
    )


@dataclass(frozen=True)
class Late:
    """A posting whose write the package booked and then answered late."""

    answer: int
    posting: dict[str, Any]
    booked: list[dict[str, Any]]
    writes: list[str]
    pending: list[Any]


async def late_write(
    books: Books, posting: dict[str, Any], path_contains: str, reference: str
) -> Late:
    """Post with a write fault that books the write and answers after 4 s (the connector's
    timeout is shorter)."""
    await books.control(
        "/_sandbox/write-faults", {"path_contains": path_contains, "delay_seconds": 4}
    )
    before = await books.writes()
    answer = await books.post(posting)
    finished = await books.finished(posting["posting_id"])
    await books.sync(finished["sync_id"])  # its reads are done before the next faults
    return Late(
        answer=answer.status_code,
        posting=finished,
        booked=await books.booked(reference),
        writes=(await books.writes())[len(before) :],
        pending=await books.pending_write_faults(),
    )


async def refused_by_package(
    books: Books, posting: dict[str, Any], path_contains: str
) -> dict[str, Any]:
    """Post while the package answers the write with its 400 (a queued fault)."""
    await books.control("/_sandbox/faults", {"status": 400, "path_contains": path_contains})
    await books.post(posting)
    return await books.finished(posting["posting_id"])
