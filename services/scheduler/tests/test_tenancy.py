"""Tenant isolation in the scheduler: the schedule, changes of tenant, unreachable connectors.

Registration on another tenant's connection is tested with connector-exact running
(``tests/e2e/test_tenancy.py``); here the scheduler runs alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from ledgerbus_scheduler.testing import OPERATOR, running_scheduler
from ledgerbus_servicekit import ServiceSettings
from ledgerbus_servicekit.testing import free_port

pytestmark = pytest.mark.integration
Settings = Callable[..., ServiceSettings]
TOKENS = {"alice-token": "alice", "bob-token": "bob"}
ALICE = {"Authorization": "Bearer alice-token"}
BOB = {"Authorization": "Bearer bob-token"}


async def test_the_schedule_lists_only_the_callers_tenant(service_settings: Settings) -> None:
    async with running_scheduler(service_settings, tenant_tokens=TOKENS) as rig:
        for administration_id, tenant in [("a-1", "alice"), ("b-1", "bob"), ("a-2", "alice")]:
            created = await rig.register(administration_id, tenant_id=tenant)
            assert created.status_code == 201, created.text
        night = {"date": str(dt.date(2026, 11, 3))}
        schedules = {
            name: (await rig.api.get("/v1/schedule", params=night, headers=headers)).json()
            for name, headers in [("alice", ALICE), ("bob", BOB), ("operator", OPERATOR)]
        }
    listed = {name: {r["administration_id"] for r in s["runs"]} for name, s in schedules.items()}
    assert listed == {"alice": {"a-1", "a-2"}, "bob": {"b-1"}, "operator": {"a-1", "a-2", "b-1"}}


async def test_a_tenant_cannot_hand_its_administration_to_another(
    service_settings: Settings,
) -> None:
    async with running_scheduler(service_settings, tenant_tokens=TOKENS) as rig:
        created = await rig.register("a-1", headers=ALICE, tenant_id="alice")
        moved = await rig.api.patch(
            "/v1/administrations/a-1", json={"tenant_id": "bob"}, headers=ALICE
        )
        after = await rig.api.get("/v1/administrations/a-1", headers=OPERATOR)
    assert created.status_code == 201, created.text
    assert moved.status_code == 403 and "tenant 'bob'" in moved.text
    assert after.json()["tenant_id"] == "alice"


async def test_a_connection_is_not_registered_while_its_connector_cannot_be_asked(
    service_settings: Settings,
) -> None:
    nowhere = {"exact": f"http://127.0.0.1:{free_port()}"}
    async with running_scheduler(service_settings, connector_urls=nowhere) as rig:
        refused = await rig.register("a-1", connection_id="c1")
        listed = await rig.api.get("/v1/administrations", headers=OPERATOR)
        without = await rig.register("a-2")
        attached = await rig.api.patch(
            "/v1/administrations/a-2", json={"connection_id": "c1"}, headers=OPERATOR
        )
    assert refused.status_code == 503
    assert "connector-exact cannot be reached" in refused.text
    assert listed.json() == []
    assert without.status_code == 201
    assert attached.status_code == 503
