"""The ledger-store API: clear refusals, keyset pages, the monitor; poison goes to the DLQ."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from aiokafka import AIOKafkaProducer

from ledgerbus_contracts import SyncMode, Topics
from ledgerbus_ledger_store.testing import ADMIN, OPERATOR, account, running_ledger, snapshot
from ledgerbus_servicekit import ServiceSettings
from ledgerbus_servicekit.testing import TopicReader

pytestmark = pytest.mark.integration
Settings = Callable[..., ServiceSettings]


async def test_an_unknown_entity_type_is_refused_by_name(service_settings: Settings) -> None:
    async with running_ledger(service_settings) as ledger:
        response = await ledger.api.get(
            f"/v1/administrations/{ADMIN}/entities/invoices", headers=OPERATOR
        )
        anonymous = await ledger.api.get(f"/v1/administrations/{ADMIN}/entities/gl_account")
    assert response.status_code == 422
    assert [e["loc"] for e in response.json()["detail"]] == [["path", "entity_type"]]
    assert anonymous.status_code == 401


async def test_entities_are_served_in_keyset_pages(service_settings: Settings) -> None:
    async with running_ledger(service_settings) as ledger:
        await ledger.publish(snapshot("s1", [[account(f"{n:03d}", 1) for n in range(25)]]))
        await ledger.sync("s1")
        seen: list[str] = []
        token: str | None = None
        while True:
            params = {"limit": "10", **({"page_token": token} if token else {})}
            page = (
                await ledger.api.get(
                    f"/v1/administrations/{ADMIN}/entities/gl_account",
                    params=params,
                    headers=OPERATOR,
                )
            ).json()
            seen += [item["source_id"] for item in page["items"]]
            token = page["next_page_token"]
            if not token:
                break
    assert seen == [f"{n:03d}" for n in range(25)]


async def test_the_sync_monitor_shows_the_last_success_and_its_duration(
    service_settings: Settings,
) -> None:
    async with running_ledger(service_settings) as ledger:
        await ledger.publish(snapshot("s1", [[account("a", 1)]]))
        await ledger.sync("s1")
        status = (
            await ledger.api.get(f"/v1/administrations/{ADMIN}/sync-status", headers=OPERATOR)
        ).json()
        listed = (
            await ledger.api.get(
                "/v1/syncs",
                params={"administration_id": ADMIN, "state": "succeeded"},
                headers=OPERATOR,
            )
        ).json()
    gl = status["entity_types"]["gl_account"]
    assert gl["state"] == "idle" and gl["last_sync_id"] == "s1"
    assert gl["last_duration_seconds"] == 42.0
    assert [s["sync_id"] for s in listed] == ["s1"] and listed[0]["mode"] == "full"


async def test_a_poison_message_goes_to_the_dead_letter_topic_and_the_rest_is_applied(
    service_settings: Settings,
) -> None:
    async with running_ledger(service_settings) as ledger:
        topics: Topics = ledger.settings.topics
        bootstrap = ledger.settings.kafka_bootstrap_servers
        producer = AIOKafkaProducer(bootstrap_servers=bootstrap)
        await producer.start()
        try:
            await producer.send_and_wait(
                topics.ledger_changes,
                b"{not json",
                key=ADMIN.encode(),
                headers=[("ce_type", b"ledgerbus.entities.upserted.v1")],
            )
        finally:
            await producer.stop()
        await ledger.publish(snapshot("after", [[account("a", 1)]], SyncMode.INCREMENTAL))
        await ledger.sync("after")
        async with TopicReader(bootstrap, topics.dead_letter("ledger-store")) as dlq:
            records = await dlq.wait_for(lambda rs: len(rs) >= 1)
        applied = await ledger.accounts()
    headers = dict(records[0].headers)
    assert records[0].value == b"{not json"
    assert headers["dlq_reason"] == b"missing CloudEvents header 'ce_specversion'"
    assert set(applied) == {"a"}


async def test_a_tenant_token_sees_only_its_own_administrations(service_settings: Settings) -> None:
    tokens = {"token-of-t1": "t1", "token-of-t2": "t2"}
    async with running_ledger(service_settings, tenant_tokens=tokens) as ledger:
        await ledger.publish(snapshot("s1", [[account("a", 1)]]))  # administration of tenant t1
        await ledger.sync("s1")
        paths = [
            f"/v1/administrations/{ADMIN}/entities/gl_account",
            f"/v1/administrations/{ADMIN}/sync-status",
            f"/v1/administrations/{ADMIN}/trial-balance?date=2026-12-31",
            f"/v1/administrations/{ADMIN}/dossier",
            "/v1/syncs/s1",
        ]
        own = [
            (await ledger.api.get(p, headers={"Authorization": "Bearer token-of-t1"})).status_code
            for p in paths
        ]
        other = [
            (await ledger.api.get(p, headers={"Authorization": "Bearer token-of-t2"})).status_code
            for p in paths
        ]
        unknown = await ledger.api.get(
            "/v1/administrations/nobody/entities/gl_account",
            headers={"Authorization": "Bearer token-of-t1"},
        )
    assert own == [200] * len(paths)
    assert other == [404] * len(paths)
    assert unknown.status_code == 404
