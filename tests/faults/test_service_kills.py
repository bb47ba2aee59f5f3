"""SIGKILL a service in the middle of a full sync (or of sending mail): nothing is lost.

The service under test runs as a real process (``python -m``) and is killed with
SIGKILL, then started again; the others run in-process. connector-exact's and the
ledger-store's SIGKILLs are in ``tests/e2e`` (they count toward the fault matrix).
"""

from __future__ import annotations

import json
import signal
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from ledgerbus_contracts import RequestSync
from ledgerbus_devtools.processes import environment, healthy, service_process
from ledgerbus_ledger_store.core.config import Settings as LedgerSettings
from ledgerbus_ledger_store.main import create_app as create_ledger_store
from ledgerbus_sandboxes.common import DataSizes
from ledgerbus_scheduler.core.config import Settings as SchedulerSettings
from ledgerbus_servicekit import ServiceSettings, SystemClock
from ledgerbus_servicekit.testing import TopicReader, eventually, free_port, running_app, served_app
from tests.faults.rig import (
    KITS,
    OPERATOR,
    TENANT,
    Platform,
    Tamper,
    connect,
    end_exact,
    package_platform,
    start_and_wait_for_part_applied,
)

pytestmark = [pytest.mark.e2e, pytest.mark.integration, pytest.mark.slow]
SIZES = DataSizes(
    gl_accounts=20, contacts=10, projects=2, cost_centers=2, cost_units=0, payment_terms=3,
    transaction_lines=800,
)  # fmt: skip


async def _healthy(url: str, what: str, log: Path) -> None:
    """Wait until the process answers ``/readyz``; fail with the end of its log."""
    try:
        await eventually(lambda: healthy(url), timeout=120, interval=0.2, what=what)
    except AssertionError as exc:
        tail = log.read_text(errors="replace")[-3000:]  # noqa: ASYNC240 - a failing test
        raise AssertionError(f"{exc}\n{tail}") from None


def _kill(process: object) -> None:
    process.send_signal(signal.SIGKILL)  # type: ignore[attr-defined]
    process.wait(timeout=30)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "package",
    [
        pytest.param(p, marks=pytest.mark.fault(f"SIGKILL connector-{p} mid full sync"), id=p)
        for p in ("twinfield", "snelstart")
    ],
)
async def test_a_killed_connector_resumes_and_the_ledger_ends_exact(
    package: str,
    service_settings: Callable[..., ServiceSettings],
    tmp_path: Path,
    record_property: Callable[[str, object], None],
) -> None:
    kit = KITS[package]
    sandbox = kit.sandbox(SIZES)
    tamper = Tamper(sandbox)
    log, port = tmp_path / "connector.log", free_port()
    async with served_app(tamper) as sandbox_url:  # type: ignore[arg-type]
        settings = kit.settings(service_settings, sandbox_url)
        env = environment(settings, **{kit.url_variable: sandbox_url, "JOB_LEASE_SECONDS": "3"})
        ledger_settings = service_settings(LedgerSettings, decode_workers=0)
        async with running_app(create_ledger_store(ledger_settings)) as ledger:  # type: ignore[arg-type]
            with service_process(kit.module, env, kit.port_variable, log, port) as (first, url):
                await _healthy(url, kit.module, log)
                rig = await connect(kit, sandbox_url, url, ledger_settings)
                platform = Platform(kit, rig, ledger, sandbox_url, sandbox, tamper, url)
                sync_id = await start_and_wait_for_part_applied(platform, SIZES)
                _kill(first)
            with service_process(kit.module, env, kit.port_variable, log, port) as (_, url):
                await _healthy(url, f"{kit.module} again", log)
                miscounted = await end_exact(platform, sync_id)
    assert miscounted == {}, log.read_text()[-3000:]
    record_property("outcome", "resumed from its last saved page; ledger exact, applied once")


@pytest.mark.fault("SIGKILL scheduler mid full sync")
async def test_a_killed_scheduler_changes_nothing_in_a_running_sync(
    service_settings: Callable[..., ServiceSettings],
    tmp_path: Path,
    record_property: Callable[[str, object], None],
) -> None:
    resuming = {"clock": SystemClock(), "job_lease_seconds": 3.0}
    async with package_platform("exact", service_settings, SIZES, **resuming) as platform:
        scheduler = service_settings(SchedulerSettings)
        urls = json.dumps({"exact": platform.connector_url})
        env = environment(scheduler, CONNECTOR_URLS=urls, SCHEDULING_ENABLED="false")
        log, port, admin = tmp_path / "scheduler.log", free_port(), platform.rig.administration_id
        with service_process("ledgerbus_scheduler", env, "SCHEDULER_PORT", log, port) as (
            first,
            url,
        ):
            await _healthy(url, "the scheduler", log)
            async with httpx.AsyncClient(base_url=url, headers=OPERATOR, timeout=30) as client:
                registered = await client.post(
                    "/v1/administrations",
                    json={
                        "id": admin, "tenant_id": TENANT, "package": "exact",
                        "connection_id": platform.rig.connection_id,
                        "external_id": platform.kit.external_id, "name": "Fault matrix BV",
                    },
                )  # fmt: skip
                assert registered.status_code == 201, registered.text

                async def request() -> str:
                    answer = await client.post(
                        f"/v1/administrations/{admin}/syncs", json={"mode": "full"}
                    )
                    assert answer.status_code == 202, answer.text
                    return str(answer.json()["sync_id"])

                sync_id = await start_and_wait_for_part_applied(platform, SIZES, request)
            _kill(first)
        with service_process("ledgerbus_scheduler", env, "SCHEDULER_PORT", log, port) as (_, url):
            await _healthy(url, "the scheduler again", log)
            miscounted = await end_exact(platform, sync_id)
            async with TopicReader(
                scheduler.kafka_bootstrap_servers, scheduler.topics.sync_requests
            ) as requests:
                await requests.wait_for(lambda records: len(records) >= 1, timeout=30)
                published = [
                    e.data.sync_id
                    for e in requests.envelopes()
                    if isinstance(e.data, RequestSync) and e.data.administration_id == admin
                ]
    assert miscounted == {}
    assert published == [sync_id], "the restarted scheduler published a sync again"
    record_property("outcome", "the sync ran on; published once; ledger exact")
