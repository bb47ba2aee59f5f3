"""SIGKILL the connector (a real process) after the package accepted a posting and before
the connector learned the outcome: after the restart the posting is found by its
reference and ends succeeded, with exactly one booking in the package (SnelStart, Exact
Online and Twinfield)."""

from __future__ import annotations

import signal
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from ledgerbus_connectorkit.postings import posting_reference
from ledgerbus_contracts import EntityType
from ledgerbus_devtools.processes import environment, healthy, service_process
from ledgerbus_ledger_store.core.config import Settings as LedgerSettings
from ledgerbus_ledger_store.main import create_app as create_ledger_store
from ledgerbus_sandboxes.common import DataSizes
from ledgerbus_servicekit import ServiceSettings
from ledgerbus_servicekit.testing import eventually, free_port, running_app, served_app
from tests.e2e.postings import EXACT, SNELSTART, TWINFIELD, Dialect, line_id
from tests.faults.rig import KITS, OPERATOR, Platform, Tamper, connect, full_sync

pytestmark = [pytest.mark.e2e, pytest.mark.integration, pytest.mark.slow]
SIZES = DataSizes(
    gl_accounts=20, contacts=10, projects=0, cost_centers=2, cost_units=0, payment_terms=3,
    transaction_lines=200,
)  # fmt: skip


async def _healthy(url: str, what: str, log: Path) -> None:
    try:
        await eventually(lambda: healthy(url), timeout=120, interval=0.2, what=what)
    except AssertionError as exc:
        tail = log.read_text(errors="replace")[-3000:]  # noqa: ASYNC240 - a failing test
        raise AssertionError(f"{exc}\n{tail}") from None


FAULT = "after the package accepted a posting"
PACKAGES = {
    # package: (journal daybook, the journal write's path, how the sandbox shows bookings)
    "snelstart": ("14", "memoriaal", SNELSTART),
    "exact": ("MEM", "GeneralJournal", EXACT),
    "twinfield": ("MEM", "transaction", TWINFIELD),
}


@pytest.mark.parametrize(
    "package",
    [pytest.param(p, marks=pytest.mark.fault(f"SIGKILL connector-{p} {FAULT}")) for p in PACKAGES],
)
async def test_a_connector_killed_after_the_package_accepted_a_posting_books_it_once(
    service_settings: Callable[..., ServiceSettings],
    tmp_path: Path,
    record_property: Callable[[str, object], None],
    package: str,
) -> None:
    kit = KITS[package]
    daybook, write_path, dialect = PACKAGES[package]
    booked_under: Dialect = dialect
    sandbox = kit.sandbox(SIZES)
    log, port = tmp_path / "connector.log", free_port()
    reference = posting_reference("je-kill")
    async with served_app(Tamper(sandbox)) as sandbox_url:  # type: ignore[arg-type]
        settings = kit.settings(service_settings, sandbox_url)
        env = environment(settings, **{kit.url_variable: sandbox_url, "JOB_LEASE_SECONDS": "3"})
        ledger_settings = service_settings(LedgerSettings, decode_workers=0)
        async with running_app(create_ledger_store(ledger_settings)) as ledger:  # type: ignore[arg-type]
            with service_process(kit.module, env, kit.port_variable, log, port) as (first, url):
                await _healthy(url, kit.module, log)
                rig = await connect(kit, sandbox_url, url, ledger_settings)
                platform = Platform(kit, rig, ledger, sandbox_url, sandbox, Tamper(sandbox), url)
                await full_sync(platform)
                # The booking is made, the answer comes a minute later: kill in between.
                await platform.control(
                    "POST", "write-faults", {"path_contains": write_path, "delay_seconds": 60}
                )
                posted = await ledger.post(
                    f"/v1/administrations/{rig.administration_id}/postings",
                    headers=OPERATOR,
                    json={
                        "posting_id": "je-kill",
                        "kind": "journal_entry",
                        "date": "2026-11-30",
                        "daybook_code": daybook,
                        "reference": "M-kill",
                        "lines": [
                            {"gl_account_code": "1060", "amount": "75.00"},
                            {"gl_account_code": "1070", "amount": "-75.00"},
                        ],
                    },
                )
                assert posted.status_code == 202, posted.text

                async def accepted() -> list[dict[str, Any]] | None:
                    lines = await rig.sandbox_records(EntityType.TRANSACTION_LINE)
                    return [r for r in lines if booked_under.booked(r, reference)] or None

                await eventually(accepted, timeout=120, what="the package to accept the posting")
                first.send_signal(signal.SIGKILL)
                first.wait(timeout=30)
            with service_process(kit.module, env, kit.port_variable, log, port) as (_, url):
                await _healthy(url, f"{kit.module} again", log)

                async def finished() -> dict[str, Any] | None:
                    body: dict[str, Any] = (
                        await ledger.get("/v1/postings/je-kill", headers=OPERATOR)
                    ).json()
                    return body if body["state"] in ("succeeded", "failed") else None

                posting = await eventually(finished, timeout=180, what="the posting to finish")
                booked = [
                    r
                    for r in await rig.sandbox_records(EntityType.TRANSACTION_LINE)
                    if booked_under.booked(r, reference)
                ]
                async with httpx.AsyncClient(base_url=sandbox_url) as client:
                    stats = (await client.get("/_sandbox/stats")).json()
    writes = [r for r in stats["recent"] if r.startswith(dialect.writes) and write_path in r]
    assert posting["state"] == "succeeded", (posting, log.read_text()[-3000:])
    assert len(booked) == 2 and len(writes) == 1
    assert {r["source_id"] for r in posting["created"]} == {line_id(r) for r in booked}
    record_property("outcome", "found by its reference after the restart; booked once")
