"""What each service holds before it is fuzzed, so generated cases reach past the 404s.

Each seed creates one of everything the service's paths name and returns the values
of those path parameters; the fuzzer sends half its valid cases to them.
"""

from __future__ import annotations

import httpx

from ledgerbus_servicekit import EventPublisher, ServiceSettings
from ledgerbus_servicekit.testing import eventually

OPERATOR = {"Authorization": "Bearer dev-operator-token"}
TENANT = "fuzz-tenant"
ADMINISTRATION = "fuzz-1"


async def seed_scheduler(base_url: str) -> dict[str, str]:
    """One administration of the fuzz tenant (without a connection)."""
    async with httpx.AsyncClient(base_url=base_url, headers=OPERATOR) as api:
        created = await api.post(
            "/v1/administrations",
            json={
                "id": ADMINISTRATION,
                "tenant_id": TENANT,
                "package": "exact",
                "external_id": "100001",
                "name": "Fuzz BV",
            },
        )
        assert created.status_code == 201, created.text
    return {"administration_id": ADMINISTRATION}


async def seed_notifier(base_url: str) -> dict[str, str]:
    """Recipients of one administration and the fuzz tenant's defaults."""
    async with httpx.AsyncClient(base_url=base_url, headers=OPERATOR) as api:
        own = await api.put(
            f"/v1/administrations/{ADMINISTRATION}/recipients",
            json={"tenant_id": TENANT, "administrators": ["boss@example.org"]},
        )
        tenant = await api.put(
            f"/v1/tenants/{TENANT}/recipients", json={"administrators": ["all@example.org"]}
        )
        assert own.status_code == tenant.status_code == 200, (own.text, tenant.text)
    return {"administration_id": ADMINISTRATION, "tenant_id": TENANT}


async def seed_ledger_store(base_url: str, settings: ServiceSettings) -> dict[str, str]:
    """One administration mirrored by a full sync of a few GL accounts."""
    from ledgerbus_ledger_store.testing import ADMIN, account, snapshot

    events = snapshot("fuzz-sync-1", [[account(f"{n:03d}", 1) for n in range(5)]])
    async with EventPublisher(
        settings.kafka_bootstrap_servers, settings.topics, source="/tests/fuzz"
    ) as publisher:
        await publisher.publish_many(events)
    async with httpx.AsyncClient(base_url=base_url, headers=OPERATOR) as api:

        async def synced() -> bool:
            response = await api.get("/v1/syncs/fuzz-sync-1")
            return response.status_code == 200 and response.json()["state"] == "succeeded"

        await eventually(synced, timeout=60, what="the seeded sync")
    return {"administration_id": ADMIN, "sync_id": "fuzz-sync-1", "entity_type": "gl_account"}
