"""SIGKILL connector-exact in the middle of a full sync: after a restart the ledger is exact."""

from __future__ import annotations

import signal
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from ledgerbus_connector_exact.core.config import Settings as ExactSettings
from ledgerbus_connectorkit.testing import ConformanceRig
from ledgerbus_contracts import EntitiesUpserted, EntityType, Package, SyncMode
from ledgerbus_devtools.processes import environment, healthy, service_process
from ledgerbus_ledger_store.core.config import Settings as LedgerSettings
from ledgerbus_ledger_store.main import create_app as create_ledger_store
from ledgerbus_sandboxes.common import DataSizes
from ledgerbus_sandboxes.exact import ExactSandboxConfig
from ledgerbus_sandboxes.exact import create_app as create_sandbox
from ledgerbus_sandboxes.exact.consent import authorize
from ledgerbus_servicekit import ServiceSettings
from ledgerbus_servicekit.testing import TopicReader, eventually, running_app, served_app
from tests.e2e.mirror import differences

pytestmark = [pytest.mark.e2e, pytest.mark.integration, pytest.mark.slow]
OPERATOR = {"Authorization": "Bearer dev-operator-token"}


async def test_a_killed_connector_resumes_and_the_ledger_ends_exact(
    service_settings: Callable[..., ServiceSettings],
    tmp_path: Path,
) -> None:
    sandbox = create_sandbox(
        ExactSandboxConfig(sync_page_size=100, sizes=DataSizes(transaction_lines=3_000))
    )
    async with served_app(sandbox) as sandbox_url:
        async with httpx.AsyncClient(base_url=sandbox_url) as control:
            await control.put("/_sandbox/faults", json={"latency_ms": 100})
        exact = service_settings(ExactSettings, exact_base_url=sandbox_url)
        env = environment(exact, EXACT_BASE_URL=sandbox_url, JOB_LEASE_SECONDS="3")
        ledger_settings = service_settings(LedgerSettings)
        async with running_app(create_ledger_store(ledger_settings)) as ledger:  # type: ignore[arg-type]
            rig = ConformanceRig(
                Package.EXACT,
                sandbox_url,
                "100001",
                "c1",
                exact.kafka_bootstrap_servers,
                exact.topics,
                administration_id="crash-admin",
            )
            with service_process(
                "ledgerbus_connector_exact", env, "CONNECTOR_EXACT_PORT", tmp_path / "connector.log"
            ) as (first, url):
                await eventually(lambda: healthy(url), timeout=60, what="connector-exact")
                async with httpx.AsyncClient(base_url=url) as connector:
                    put = await connector.put(
                        "/v1/connections/c1",
                        json={"code": await authorize(sandbox_url), "tenant_id": "conformance"},
                        headers=OPERATOR,
                    )
                    assert put.status_code == 200, put.text
                sync_id = await rig.request(SyncMode.FULL)
                async with TopicReader(
                    exact.kafka_bootstrap_servers, exact.topics.ledger_changes
                ) as changes:

                    def lines_pages(_: object) -> bool:
                        return (
                            sum(
                                1
                                for e in changes.envelopes()
                                if isinstance(e.data, EntitiesUpserted)
                                and e.data.entity_type is EntityType.TRANSACTION_LINE
                            )
                            >= 8
                        )

                    await changes.wait_for(lines_pages, timeout=120)
                first.send_signal(signal.SIGKILL)
                first.wait(timeout=30)
            with service_process(
                "ledgerbus_connector_exact", env, "CONNECTOR_EXACT_PORT", tmp_path / "connector.log"
            ) as (_, url):
                await eventually(lambda: healthy(url), timeout=60, what="connector-exact again")

                async def succeeded() -> object:
                    body = (await ledger.get(f"/v1/syncs/{sync_id}", headers=OPERATOR)).json()
                    assert body.get("state") not in ("failed", "needs_attention"), body
                    return body if body.get("state") == "succeeded" else None

                sync = await eventually(succeeded, timeout=180, what="the resumed sync")
            found = await differences(
                ledger, "crash-admin", sandbox_url, "100001", list(EntityType)
            )
    assert found == {}, (tmp_path / "connector.log").read_text()[-3000:]
    assert sync["applied"]["transaction_line"] == 3_000  # type: ignore[index]
