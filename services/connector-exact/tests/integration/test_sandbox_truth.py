"""connector-exact against the Exact sandbox over real HTTP: what reaches ``ledger.changes`` is
the sandbox's truth, field by field, after a full and after an incremental sync."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from fastapi import FastAPI

from ledgerbus_connector_exact.core.config import Settings
from ledgerbus_connector_exact.main import create_app
from ledgerbus_connectorkit.testing import ConformanceRig
from ledgerbus_contracts import (
    EntitiesDeleted,
    EntitiesUpserted,
    Entity,
    EntityType,
    Package,
    SyncChangesEnded,
    SyncMode,
    supported_entity_types,
)
from ledgerbus_sandboxes.exact import create_app as create_sandbox
from ledgerbus_sandboxes.exact.consent import authorize
from ledgerbus_servicekit import ServiceSettings
from ledgerbus_servicekit.testing import TopicReader, eventually, running_app, served_app

pytestmark = pytest.mark.integration
OPERATOR = {"Authorization": "Bearer dev-operator-token"}
SANDBOX_ONLY = {"id", "version", "modified"}


@pytest.fixture
async def rig(
    service_settings: Callable[..., ServiceSettings],
) -> AsyncIterator[tuple[ConformanceRig, FastAPI]]:
    sandbox = create_sandbox()
    async with served_app(sandbox) as sandbox_url:
        settings = service_settings(Settings, exact_base_url=sandbox_url)
        async with running_app(create_app(settings)) as connector:  # type: ignore[arg-type]
            created = await connector.post(
                "/v1/connections",
                json={"code": await authorize(sandbox_url), "tenant_id": "conformance"},
                headers=OPERATOR,
            )
            assert created.status_code == 201, created.text
            yield (
                ConformanceRig(
                    Package.EXACT,
                    sandbox_url,
                    "100001",
                    created.json()["id"],
                    settings.kafka_bootstrap_servers,
                    settings.topics,
                ),
                sandbox,
            )


def in_contract_units(entity_type: EntityType, record: dict[str, Any]) -> dict[str, Any]:
    """The sandbox keeps VAT rates as fractions (as Exact serves them); the contract in percent."""
    if entity_type == EntityType.VAT_CODE:
        return {**record, "percentage": record["percentage"] * 100}
    return record


def differences(entities: list[Entity], truth: list[dict[str, Any]]) -> list[str]:
    """Every field where a normalised entity differs from the sandbox's neutral record."""
    by_id = {e.source_id: e.model_dump() for e in entities}
    found = [f"missing {r['id']}" for r in truth if r["id"] not in by_id]
    for record in truth:
        entity = by_id.get(record["id"], {})
        found += [
            f"{record['id']}.{name}: {entity[name]!r} != {value!r}"
            for name, value in record.items()
            if name in entity and name not in SANDBOX_ONLY and entity[name] != value
        ]
    return found + [f"extra {i}" for i in set(by_id) - {r["id"] for r in truth}]


async def test_the_upserts_are_exactly_the_sandboxs_gl_accounts(
    rig: tuple[ConformanceRig, FastAPI],
) -> None:
    conformance, _ = rig
    sync_id = await conformance.request(SyncMode.FULL)
    async with TopicReader(conformance.bootstrap, conformance.topics.ledger_changes) as changes:

        async def ended() -> bool:
            await changes.poll()
            return any(
                isinstance(e.data, SyncChangesEnded) and e.data.sync_id == sync_id
                for e in changes.envelopes()
            )

        await eventually(ended, timeout=120, what="the full sync's end marker")
        published = {
            (e.source_id, e.code, e.name, e.source_version)  # type: ignore[union-attr]
            for envelope in changes.envelopes()
            if isinstance(envelope.data, EntitiesUpserted)
            and envelope.data.sync_id == sync_id
            and envelope.data.entity_type == EntityType.GL_ACCOUNT
            for e in envelope.data.records
        }
    served = await conformance.sandbox_records(EntityType.GL_ACCOUNT)
    expected = {(r["ID"], r["Code"].strip(), r["Description"], r["Timestamp"]) for r in served}
    assert len(served) == 60 and published == expected


async def test_every_entity_type_carries_the_sandboxs_values(
    rig: tuple[ConformanceRig, FastAPI],
) -> None:
    conformance, sandbox = rig
    result = await conformance.sync(SyncMode.FULL)
    truth = sandbox.state.sandbox.data.get("100001")
    for entity_type in supported_entity_types(Package.EXACT):
        expected = [in_contract_units(entity_type, r) for r in truth.of(entity_type)]
        found = differences(result.upserts.get(entity_type, []), expected)
        assert not found, f"{entity_type}: {found[:5]}"


async def test_an_incremental_sync_carries_changes_and_deletes(
    rig: tuple[ConformanceRig, FastAPI],
) -> None:
    conformance, sandbox = rig
    await conformance.sync(SyncMode.FULL)
    admin = sandbox.state.sandbox.data.get("100001")
    now = dt.datetime.now(dt.UTC)
    lines = admin.table(EntityType.TRANSACTION_LINE).page_by_version(0, 3)
    admin.upsert(EntityType.TRANSACTION_LINE, {"id": lines[0]["id"], "description": "Nieuw"}, now)
    admin.delete(EntityType.TRANSACTION_LINE, lines[1]["id"], now)
    account = admin.of(EntityType.GL_ACCOUNT)[0]
    admin.upsert(EntityType.GL_ACCOUNT, {"id": account["id"], "name": "Hernoemd"}, now)

    result = await conformance.sync(SyncMode.INCREMENTAL)

    changed = admin.table(EntityType.TRANSACTION_LINE)[lines[0]["id"]]
    assert not differences(result.upserts[EntityType.TRANSACTION_LINE], [changed])
    renamed = admin.table(EntityType.GL_ACCOUNT)[account["id"]]
    assert not differences(result.upserts[EntityType.GL_ACCOUNT], [renamed])
    async with TopicReader(conformance.bootstrap, conformance.topics.ledger_changes) as changes:
        await changes.wait_for(lambda _: bool(_deleted_ids(changes)), timeout=30)
        assert _deleted_ids(changes) == {lines[1]["id"]}


def _deleted_ids(changes: TopicReader) -> set[str]:
    return {
        deletion.source_id
        for envelope in changes.envelopes()
        if isinstance(envelope.data, EntitiesDeleted)
        for deletion in envelope.data.deletions
    }
