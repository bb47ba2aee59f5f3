"""Conformance checks of tenant isolation: a connector runs only requests that agree.

Each check publishes a :class:`~ledgerbus_contracts.RequestSync` on Kafka that
disagrees with the rig's connection (another tenant, a connection that does not
exist, another package administration under an administration id that has
completed a sync) and asserts that the sync fails with a reason on ``sync.status``
and that nothing of it reaches ``ledger.changes``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import httpx
from aiokafka import AIOKafkaConsumer, TopicPartition

from ledgerbus_connectorkit.testing.conformance import ConformanceRig
from ledgerbus_contracts import Message, SyncFailed, SyncMode, from_kafka
from ledgerbus_servicekit import ServiceSettings


async def published_changes(rig: ConformanceRig, sync_id: str) -> list[Message]:
    """Everything on ``ledger.changes`` for ``sync_id``, read up to the topic's end now."""
    consumer = AIOKafkaConsumer(
        rig.topics.ledger_changes,
        bootstrap_servers=rig.bootstrap,
        enable_auto_commit=False,
        isolation_level="read_committed",
        auto_offset_reset="earliest",
    )
    await consumer.start()
    found: list[Message] = []
    ends: dict[TopicPartition, int] = {}
    try:
        while not ends or any([await consumer.position(tp) < end for tp, end in ends.items()]):
            for records in (await consumer.getmany(timeout_ms=200)).values():
                for record in records:
                    envelope = from_kafka(record.value, record.headers or (), record.key)
                    if getattr(envelope.data, "sync_id", None) == sync_id:
                        found.append(envelope.data)
            if not ends and consumer.assignment():
                ends = await consumer.end_offsets(list(consumer.assignment()))
        return found
    finally:
        await consumer.stop()


async def refused(rig: ConformanceRig, reason: str) -> None:
    """Request a full sync as ``rig`` says; it must fail naming ``reason`` and publish nothing."""
    sync_id = await rig.request(SyncMode.FULL)
    failed = await rig.status_events(sync_id, SyncFailed)
    assert reason in failed.error.message, failed.error.message
    assert await published_changes(rig, sync_id) == []


async def check_another_tenants_request_is_refused(rig: ConformanceRig) -> None:
    """Another tenant's request on the rig's connection, for an unregistered administration."""
    intruder = dataclasses.replace(rig, tenant_id="intruder", administration_id="intruder-admin")
    await refused(
        intruder,
        f"connection {rig.connection_id!r} is not a connection of tenant 'intruder'"
        f" in connector-{rig.package}",
    )


async def check_an_unknown_connection_is_refused(rig: ConformanceRig) -> None:
    """The rig's tenant, a connection that does not exist."""
    await refused(
        dataclasses.replace(rig, connection_id="no-such-connection"),
        f"connection 'no-such-connection' is not a connection of tenant {rig.tenant_id!r}",
    )


async def check_an_administration_keeps_its_source(rig: ConformanceRig) -> None:
    """After a completed sync, the same administration id cannot read another administration."""
    await rig.sync(SyncMode.FULL)
    await refused(
        dataclasses.replace(rig, external_id="another-administration"),
        f"administration {rig.administration_id!r} mirrors another source",
    )


OTHER_TENANT_TOKEN = "other-tenant-token"  # noqa: S105 - a test token
"""The token :func:`with_other_tenant` adds, of the tenant ``other``."""


def with_other_tenant(service_settings: Callable[..., Any]) -> Callable[..., Any]:
    """``service_settings`` whose services also know :data:`OTHER_TENANT_TOKEN`."""

    def build(cls: type[ServiceSettings], **overrides: Any) -> ServiceSettings:
        tokens = {OTHER_TENANT_TOKEN: "other"}
        settings: ServiceSettings = service_settings(cls, tenant_tokens=tokens, **overrides)
        return settings

    return build


async def check_isolated_from_another_tenant(
    api: httpx.AsyncClient, rig: ConformanceRig, put_body: dict[str, str]
) -> None:
    """With :func:`with_other_tenant`'s settings: the other tenant's token gets 404 for the
    rig's connection on every route that names it, as for one that does not exist; its PUT
    changes nothing (the rig still syncs); its request on the connection is refused; its
    ``GET /v1/connections`` lists none of the rig's tenant's connections."""
    other = {"Authorization": f"Bearer {OTHER_TENANT_TOKEN}"}
    path = f"/v1/connections/{rig.connection_id}"
    answers = {
        "GET": await api.get(path, headers=other),
        "PUT": await api.put(path, json=put_body, headers=other),
    }
    assert {m: r.status_code for m, r in answers.items()} == {"GET": 404, "PUT": 404}
    none = await api.get("/v1/connections/no-such-connection", headers=other)
    assert none.text.replace("no-such-connection", rig.connection_id) == answers["GET"].text
    listed = await api.get("/v1/connections", headers=other)
    assert listed.status_code == 200 and listed.json()["items"] == [], listed.text
    await rig.collect(await rig.request(SyncMode.FULL))
    await check_another_tenants_request_is_refused(rig)
