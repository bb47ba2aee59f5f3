"""Tenant isolation of connector-exact: connections belong to a tenant, over HTTP and Kafka.

With ``TENANT_TOKENS`` set, a tenant token sees and changes only its tenant's
connections (another tenant's answers 404, as if there were none), the operator names
the tenant it creates a connection for, and a sync request that disagrees with its
connection fails with the reason and mirrors nothing.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

import asyncpg
import httpx
import pytest

from ledgerbus_connector_exact.core.config import Settings
from ledgerbus_connector_exact.main import create_app
from ledgerbus_connectorkit.testing import ConformanceRig
from ledgerbus_connectorkit.testing.tenancy import (
    check_an_administration_keeps_its_source,
    check_an_unknown_connection_is_refused,
    check_another_tenants_request_is_refused,
)
from ledgerbus_contracts import Package
from ledgerbus_sandboxes.exact import create_app as create_sandbox
from ledgerbus_sandboxes.exact.consent import authorize
from ledgerbus_servicekit import ServiceSettings
from ledgerbus_servicekit.db import create_pool, migrate, migrations_in
from ledgerbus_servicekit.testing import running_app, served_app

pytestmark = pytest.mark.integration
OPERATOR = {"Authorization": "Bearer dev-operator-token"}
ALICE = {"Authorization": "Bearer alice-token"}
BOB = {"Authorization": "Bearer bob-token"}
TOKENS = {"alice-token": "alice", "bob-token": "bob"}


@dataclass
class Connected:
    api: httpx.AsyncClient
    sandbox_url: str
    settings: Settings

    async def code(self) -> str:
        return await authorize(self.sandbox_url)


@pytest.fixture
async def connector(service_settings: Callable[..., ServiceSettings]) -> AsyncIterator[Connected]:
    async with served_app(create_sandbox()) as sandbox_url:
        settings = service_settings(Settings, exact_base_url=sandbox_url, tenant_tokens=TOKENS)
        assert isinstance(settings, Settings)
        async with running_app(create_app(settings)) as api:
            yield Connected(api, sandbox_url, settings)


async def test_a_tenant_reaches_only_its_own_connections(connector: Connected) -> None:
    api = connector.api
    created = await api.post(
        "/v1/connections", json={"code": await connector.code(), "id": "c-alice"}, headers=ALICE
    )
    assert created.status_code == 201, created.text
    assert created.json()["tenant_id"] == "alice"

    reauthorised = await api.put(
        "/v1/connections/c-alice", json={"code": await connector.code()}, headers=BOB
    )
    bob_sees = {
        "divisions": await api.get("/v1/connections/c-alice/administrations", headers=BOB),
        "connection": await api.get("/v1/connections/c-alice", headers=BOB),
        "reauthorised": reauthorised,
    }
    assert {name: r.status_code for name, r in bob_sees.items()} == dict.fromkeys(bob_sees, 404)
    none = await api.get("/v1/connections/c-nobody/administrations", headers=BOB)
    same = bob_sees["divisions"].text.replace("c-alice", "X") == none.text.replace("c-nobody", "X")
    assert same, "another tenant's connection must answer as one that does not exist"

    alice_sees = await api.get("/v1/connections/c-alice/administrations", headers=ALICE)
    assert alice_sees.status_code == 200, alice_sees.text
    owner = await api.get("/v1/connections/c-alice", headers=OPERATOR)
    assert owner.json() == {"id": "c-alice", "state": "active", "tenant_id": "alice"}


async def test_a_tenant_cannot_create_a_connection_for_another(connector: Connected) -> None:
    refused = await connector.api.post(
        "/v1/connections",
        json={"code": await connector.code(), "tenant_id": "alice"},
        headers=BOB,
    )
    assert refused.status_code == 403
    assert "tenant 'alice'" in refused.text


async def test_the_operator_names_the_tenant_a_connection_is_created_for(
    connector: Connected,
) -> None:
    api = connector.api
    unnamed = await api.post("/v1/connections", json={"code": "unused"}, headers=OPERATOR)
    named = await api.put(
        "/v1/connections/c-for-bob",
        json={"code": await connector.code(), "tenant_id": "bob"},
        headers=OPERATOR,
    )
    moved = await api.put(
        "/v1/connections/c-for-bob",
        json={"code": await connector.code(), "tenant_id": "alice"},
        headers=OPERATOR,
    )
    bob_after = await api.get("/v1/connections/c-for-bob", headers=BOB)
    assert unnamed.status_code == 422 and "tenant_id" in unnamed.text
    assert named.status_code == 200 and named.json()["tenant_id"] == "bob"
    assert moved.json()["tenant_id"] == "alice"
    assert bob_after.status_code == 404


@pytest.fixture
async def rig(connector: Connected) -> ConformanceRig:
    created = await connector.api.put(
        "/v1/connections/c1",
        json={"code": await connector.code(), "tenant_id": "conformance"},
        headers=OPERATOR,
    )
    assert created.status_code == 200, created.text
    return ConformanceRig(
        package=Package.EXACT,
        sandbox_url=connector.sandbox_url,
        external_id="100001",
        connection_id="c1",
        bootstrap=connector.settings.kafka_bootstrap_servers,
        topics=connector.settings.topics,
    )


async def test_another_tenants_request_on_a_connection_fails_and_mirrors_nothing(
    rig: ConformanceRig,
) -> None:
    await check_another_tenants_request_is_refused(rig)


async def test_a_request_on_an_unknown_connection_fails(rig: ConformanceRig) -> None:
    await check_an_unknown_connection_is_refused(rig)


async def test_an_administration_cannot_be_pointed_at_another_division(
    rig: ConformanceRig,
) -> None:
    await check_an_administration_keeps_its_source(rig)


OLD_CONNECTIONS = """CREATE TABLE connections (
    id text PRIMARY KEY,
    state text NOT NULL DEFAULT 'active',
    access_token bytea NOT NULL,
    refresh_token bytea NOT NULL,
    access_token_issued_at timestamptz NOT NULL,
    access_token_expires_at timestamptz NOT NULL,
    state_reason text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
)"""
"""connector-exact's own ``001_connections``, as schemas deployed before the kit ran it."""


async def _migrated_from_old(
    settings: ServiceSettings, old: list[tuple[str, str]], fill: Callable[[asyncpg.Pool], Any]
) -> dict[str, str | None]:
    """Owners after the kit's migrations run on a schema that ran ``old`` and was filled."""
    migrations = migrations_in("ledgerbus_connectorkit") + migrations_in(
        "ledgerbus_connector_exact"
    )
    kit_before = [m for m in migrations if m[0] < "kit_004"]
    pool = await create_pool(settings.database_url, settings.database_schema, max_size=2)
    try:
        await migrate(pool, kit_before + old)
        await fill(pool)
        await migrate(pool, migrations)
        return dict(await pool.fetch("SELECT id, tenant_id FROM connections"))
    finally:
        await pool.close()


async def test_existing_connections_take_the_one_tenant_that_used_them(
    service_settings: Callable[..., ServiceSettings],
) -> None:
    async def fill(pool: asyncpg.Pool) -> None:
        await _old_connection(pool, "used-by-one", ["t1", "t1"])
        await _old_connection(pool, "used-by-two", ["t1", "t2"])
        await _old_connection(pool, "never-used", [])

    old = [("001_connections", OLD_CONNECTIONS)]
    owners = await _migrated_from_old(service_settings(Settings), old, fill)
    assert owners == {"used-by-one": "t1", "used-by-two": None, "never-used": None}


async def test_the_kit_migration_keeps_the_tenants_a_deployed_schema_has(
    service_settings: Callable[..., ServiceSettings],
) -> None:
    """A schema that ran the old ``002_connection_tenant``: tenants the operator assigned
    stay, whoever used the connection."""

    async def fill(pool: asyncpg.Pool) -> None:
        await _old_connection(pool, "reassigned", ["t1"])
        await pool.execute("UPDATE connections SET tenant_id = 't9'")

    old = [
        ("001_connections", OLD_CONNECTIONS),
        ("002_connection_tenant", "ALTER TABLE connections ADD COLUMN tenant_id text"),
    ]
    owners = await _migrated_from_old(service_settings(Settings), old, fill)
    assert owners == {"reassigned": "t9"}


async def _old_connection(pool: asyncpg.Pool, connection_id: str, tenants: list[str]) -> None:
    await pool.execute(
        "INSERT INTO connections (id, access_token, refresh_token, access_token_issued_at,"
        " access_token_expires_at) VALUES ($1, '', '', now(), now())",
        connection_id,
    )
    for n, tenant in enumerate(tenants):
        await pool.execute(
            "INSERT INTO sync_jobs (sync_id, administration_id, request) VALUES ($1, 'a', $2)",
            f"{connection_id}-{n}",
            f'{{"connection_id": "{connection_id}", "tenant_id": "{tenant}"}}',
        )
