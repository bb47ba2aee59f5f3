"""Scale-out on partitions: three ledger-store and two connector-exact replicas share the work,
and losing one of each mid-sync loses nothing.

``ledger.changes`` and ``sync.requests`` have 12 partitions; every replica is its own process
and consumer-group member. Four administrations are chosen so that their keys land on every
member of both groups; one ledger-store and one connector are SIGKILLed while the full syncs
run, and every administration's ledger still ends equal to its sandbox, each line applied once.
"""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from ledgerbus_connector_exact.core.config import Settings as ExactSettings
from ledgerbus_connectorkit.testing import ConformanceRig
from ledgerbus_contracts import EntitiesUpserted, EntityType, Package, SyncMode
from ledgerbus_devtools.processes import environment, healthy, service_process
from ledgerbus_ledger_store.core.config import Settings as LedgerSettings
from ledgerbus_sandboxes.common import DataSizes
from ledgerbus_sandboxes.exact import ExactSandboxConfig
from ledgerbus_sandboxes.exact import create_app as create_sandbox
from ledgerbus_sandboxes.exact.consent import authorize
from ledgerbus_servicekit import ServiceSettings
from ledgerbus_servicekit.testing import TopicReader, eventually, served_app
from tests.e2e.consumer_groups import assignment, keys_spread_over, partition_of
from tests.e2e.mirror import differences

pytestmark = [pytest.mark.e2e, pytest.mark.integration, pytest.mark.slow]
OPERATOR = {"Authorization": "Bearer dev-operator-token"}
PARTITIONS, LEDGER_REPLICAS, CONNECTOR_REPLICAS = 12, 3, 2
LINES = 1_500
DIVISIONS = [100001, 100002, 100003, 100004]
ADMINISTRATIONS = keys_spread_over(
    len(DIVISIONS), PARTITIONS, [LEDGER_REPLICAS, CONNECTOR_REPLICAS], "scale"
)


async def stable(bootstrap: str, group: str, members: int) -> dict[str, set[int]] | None:
    owned = await assignment(bootstrap, group)
    return owned if len(owned) == members and all(owned.values()) else None


def members_carrying(owned: dict[str, set[int]], keys: list[str]) -> set[str]:
    partitions = {partition_of(key, PARTITIONS) for key in keys}
    return {member for member, mine in owned.items() if mine & partitions}


async def test_replicas_share_the_syncs_and_a_lost_replica_loses_nothing(
    service_settings: Callable[..., ServiceSettings], tmp_path: Path
) -> None:
    sandbox = create_sandbox(
        ExactSandboxConfig(
            divisions={d: f"Schaal {d} BV" for d in DIVISIONS},
            sync_page_size=100,
            sizes=DataSizes(transaction_lines=LINES),
            minutely_limit=10_000,
            daily_limit=1_000_000,
        )
    )
    async with served_app(sandbox) as sandbox_url:
        async with httpx.AsyncClient(base_url=sandbox_url) as control:
            await control.put("/_sandbox/faults", json={"latency_ms": 40})
        exact = service_settings(ExactSettings, topic_partitions=PARTITIONS)
        ledger = service_settings(LedgerSettings, topic_partitions=PARTITIONS)
        bootstrap, topics = exact.kafka_bootstrap_servers, exact.topics
        connector_env = environment(exact, EXACT_BASE_URL=sandbox_url, JOB_LEASE_SECONDS="3")
        ledger_env = environment(ledger, CONSUMER_BATCH_SIZE="50", DECODE_WORKERS="0")
        rigs = [
            ConformanceRig(
                Package.EXACT,
                sandbox_url,
                str(division),
                "c1",
                bootstrap,
                topics,
                administration_id=admin,
            )
            for admin, division in zip(ADMINISTRATIONS, DIVISIONS, strict=True)
        ]
        with contextlib.ExitStack() as stack:
            ledgers = [
                stack.enter_context(
                    service_process(
                        "ledgerbus_ledger_store",
                        ledger_env,
                        "LEDGER_STORE_PORT",
                        tmp_path / f"ledger-{n}.log",
                    )
                )
                for n in range(LEDGER_REPLICAS)
            ]
            connectors = [
                stack.enter_context(
                    service_process(
                        "ledgerbus_connector_exact",
                        connector_env,
                        "CONNECTOR_EXACT_PORT",
                        tmp_path / f"connector-{n}.log",
                    )
                )
                for n in range(CONNECTOR_REPLICAS)
            ]
            for _, url in ledgers + connectors:
                await eventually(lambda url=url: healthy(url), timeout=90, what=url)
            async with httpx.AsyncClient(base_url=connectors[0][1]) as connector:
                put = await connector.put(
                    "/v1/connections/c1",
                    json={"code": await authorize(sandbox_url), "tenant_id": "conformance"},
                    headers=OPERATOR,
                )
                assert put.status_code == 200, put.text
            ledger_group = await eventually(
                lambda: stable(bootstrap, f"{exact.topic_prefix}ledger-store", LEDGER_REPLICAS),
                timeout=90,
                what="three ledger-store members",
            )
            connector_group = await eventually(
                lambda: stable(
                    bootstrap, f"{exact.topic_prefix}connector-exact", CONNECTOR_REPLICAS
                ),
                timeout=90,
                what="two connector-exact members",
            )
            sync_ids = {rig.administration_id: await rig.request(SyncMode.FULL) for rig in rigs}
            async with TopicReader(bootstrap, topics.ledger_changes) as changes:

                def under_way(_: object) -> bool:
                    pages = {
                        e.data.administration_id
                        for e in changes.envelopes()
                        if isinstance(e.data, EntitiesUpserted)
                        and e.data.entity_type is EntityType.TRANSACTION_LINE
                    }
                    return len(pages) >= 2

                await changes.wait_for(under_way, timeout=180)
            survivor = ledgers[1][1]
            async with httpx.AsyncClient(base_url=survivor, timeout=10) as api:
                running_at_kill = [
                    admin
                    for admin, sync_id in sync_ids.items()
                    if (await api.get(f"/v1/syncs/{sync_id}", headers=OPERATOR)).json().get("state")
                    != "succeeded"
                ]
                for process, _ in (ledgers[0], connectors[0]):
                    process.send_signal(signal.SIGKILL)
                    process.wait(timeout=30)

                async def all_succeeded() -> dict[str, Any] | None:
                    found = {}
                    for admin, sync_id in sync_ids.items():
                        body = (await api.get(f"/v1/syncs/{sync_id}", headers=OPERATOR)).json()
                        assert body.get("state") not in ("failed", "needs_attention"), body
                        if body.get("state") != "succeeded":
                            return None
                        found[admin] = body
                    return found

                syncs = await eventually(all_succeeded, timeout=300, what="every full sync")
                mismatches = {
                    rig.administration_id: await differences(
                        api, rig.administration_id, sandbox_url, rig.external_id, list(EntityType)
                    )
                    for rig in rigs
                }
    assert running_at_kill, "the replicas were killed while the syncs ran"
    assert len(members_carrying(ledger_group, ADMINISTRATIONS)) == LEDGER_REPLICAS
    assert len(members_carrying(connector_group, ADMINISTRATIONS)) == CONNECTOR_REPLICAS
    assert mismatches == {admin: {} for admin in ADMINISTRATIONS}
    assert {a: s["applied"]["transaction_line"] for a, s in syncs.items()} == dict.fromkeys(
        ADMINISTRATIONS, LINES
    )
