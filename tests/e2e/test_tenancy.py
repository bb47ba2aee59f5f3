"""Registering an administration on a connection: the scheduler asks connector-exact who owns it.

A tenant cannot register an administration on another tenant's connection, nor move
one onto it, and neither can the operator on the tenant's behalf: the scheduler
refuses with 422 naming the connection, over the real HTTP APIs of both services.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from ledgerbus_servicekit import ServiceSettings
from ledgerbus_servicekit.testing import running_app, served_app
from tests.e2e.platform import OPERATOR, authorize_exact, exact_sandbox, platform_apps

pytestmark = [pytest.mark.e2e, pytest.mark.integration]
TOKENS = {"alice-token": "alice", "bob-token": "bob"}
ALICE = {"Authorization": "Bearer alice-token"}
BOB = {"Authorization": "Bearer bob-token"}


def administration(administration_id: str, tenant: str, connection: str) -> dict[str, str]:
    return {
        "id": administration_id,
        "tenant_id": tenant,
        "package": "exact",
        "connection_id": connection,
        "external_id": "100001",
        "name": "Demo Exact BV",
    }


async def test_an_administration_is_registered_only_on_its_tenants_connection(
    service_settings: Callable[..., ServiceSettings],
) -> None:
    def with_tenants(cls: type[ServiceSettings], **overrides: Any) -> ServiceSettings:
        return service_settings(cls, tenant_tokens=TOKENS, **overrides)

    async with served_app(exact_sandbox()) as exact_url:
        apps = platform_apps(with_tenants, exact_url)
        async with (
            running_app(apps.connector_exact) as connector,
            running_app(apps.scheduler) as scheduler,
        ):
            for connection, headers in [("c-alice", ALICE), ("c-bob", BOB)]:
                created = await connector.put(
                    f"/v1/connections/{connection}",
                    json={"code": await authorize_exact(exact_url)},
                    headers=headers,
                )
                assert created.status_code == 200, created.text

            async def register(body: dict[str, str], headers: dict[str, str]) -> Any:
                return await scheduler.post("/v1/administrations", json=body, headers=headers)

            by_bob = await register(administration("bob-1", "bob", "c-alice"), BOB)
            for_bob = await register(administration("bob-2", "bob", "c-alice"), OPERATOR)
            by_alice = await register(administration("alice-1", "alice", "c-alice"), ALICE)
            bobs_own = await register(administration("bob-3", "bob", "c-bob"), BOB)
            moved = await scheduler.patch(
                "/v1/administrations/bob-3", json={"connection_id": "c-alice"}, headers=BOB
            )
            handed = await scheduler.patch(
                "/v1/administrations/alice-1", json={"tenant_id": "bob"}, headers=OPERATOR
            )
            registered = await scheduler.get("/v1/administrations", headers=OPERATOR)

    problem = "connection_id 'c-alice' is not a connection of tenant 'bob' in connector-exact"
    for refused in (by_bob, for_bob, moved, handed):
        assert refused.status_code == 422, refused.text
        assert problem in refused.text
    assert by_alice.status_code == 201, by_alice.text
    assert bobs_own.status_code == 201, bobs_own.text
    assert {(a["id"], a["tenant_id"], a["connection_id"]) for a in registered.json()} == {
        ("alice-1", "alice", "c-alice"),
        ("bob-3", "bob", "c-bob"),
    }
