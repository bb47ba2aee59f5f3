"""Changing an administration moves its schedule; an upgrade sync's outcome is recorded."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from ledgerbus_contracts import ConnectorVersionAnnounced, Package, SyncCompleted, SyncMode
from ledgerbus_scheduler.scheduling import NightlyScheduler
from ledgerbus_scheduler.testing import OPERATOR, running_scheduler
from ledgerbus_servicekit import EventPublisher, ServiceSettings
from ledgerbus_servicekit.testing import eventually

pytestmark = pytest.mark.integration
Settings = Callable[..., ServiceSettings]


async def test_a_registered_administration_shows_every_field_with_its_defaults(
    service_settings: Settings,
) -> None:
    async with running_scheduler(service_settings) as rig:
        created = await rig.register("adm-1")
        listed = await rig.api.get(
            "/v1/administrations", params={"package": "exact"}, headers=OPERATOR
        )
        unauthorised = await rig.api.get("/v1/administrations/adm-1")
    assert created.status_code == 201
    assert created.json() == {
        "id": "adm-1",
        "tenant_id": "t1",
        "package": "exact",
        "connection_id": None,
        "external_id": "100001",
        "name": "Demo BV",
        "timezone": "Europe/Amsterdam",
        "nightly_window_start": "01:00:00",
        "nightly_window_end": "05:00:00",
        "sync_from": None,
        "enabled": True,
        "last_full_sync_connector_version": None,
    }
    assert [a["id"] for a in listed.json()] == ["adm-1"]
    assert unauthorised.status_code == 401


async def test_a_changed_window_moves_the_next_run_into_it(service_settings: Settings) -> None:
    async with running_scheduler(service_settings) as rig:
        await rig.register("adm-1")
        changed = await rig.api.patch(
            "/v1/administrations/adm-1",
            json={"nightly_window_start": "02:00", "nightly_window_end": "02:30"},
            headers=OPERATOR,
        )
        refused = await rig.api.patch(
            "/v1/administrations/adm-1", json={"nightly_window_end": "01:30"}, headers=OPERATOR
        )
        async with rig.pool() as pool:
            next_run = await pool.fetchval("SELECT next_run_at FROM administrations")
    assert changed.status_code == 200 and changed.json()["nightly_window_start"] == "02:00:00"
    assert refused.status_code == 422 and "ends" in refused.text
    # 02:00-02:30 in Amsterdam on the night of 1 November is 01:00-01:30 UTC.
    assert dt.datetime(2026, 11, 1, 1, 0, tzinfo=dt.UTC) <= next_run
    assert next_run < dt.datetime(2026, 11, 1, 1, 30, tzinfo=dt.UTC)


async def test_re_enabling_starts_at_the_next_night_without_catching_up(
    service_settings: Settings,
) -> None:
    async with running_scheduler(service_settings) as rig:
        await rig.register("adm-1")
        off = {"enabled": False}
        await rig.api.patch("/v1/administrations/adm-1", json=off, headers=OPERATOR)
        rig.clock.set(dt.datetime(2026, 11, 5, 12, 0, tzinfo=dt.UTC))
        async with rig.pool() as pool:
            scheduler = NightlyScheduler(pool, None, rig.clock)
            while_disabled = await scheduler.tick()
            await rig.api.patch(
                "/v1/administrations/adm-1", json={"enabled": True}, headers=OPERATOR
            )
            at_once = await scheduler.tick()
            rig.clock.set(dt.datetime(2026, 11, 6, 4, 0, tzinfo=dt.UTC))
            that_night = await scheduler.tick()
        issued = await rig.issued()
    assert (while_disabled, at_once, that_night) == (0, 0, 1)
    assert [r["sync_id"].rsplit("-", 2)[1] for r in issued] == ["20261106"]


async def test_a_completed_upgrade_sync_records_the_connector_version(
    service_settings: Settings,
) -> None:
    async with running_scheduler(service_settings) as rig:
        await rig.register("adm-1")
        settings = rig.settings
        async with EventPublisher(
            settings.kafka_bootstrap_servers, settings.topics, source="/connector-exact"
        ) as publisher:
            announced = ConnectorVersionAnnounced(
                package=Package.EXACT, version="2.0.0", requires_full_sync=True, at=rig.clock.now()
            )
            await publisher.publish(announced)
            async with rig.pool() as pool:
                night = await eventually(
                    lambda: pool.fetchval("SELECT upgrade_full_on FROM administrations"),
                    what="the upgrade to be planned",
                )
                rig.clock.set(dt.datetime.combine(night, dt.time(4), tzinfo=dt.UTC))
                assert await NightlyScheduler(pool, None, rig.clock).tick() == 1
            (upgrade,) = await rig.issued()
            before = (await rig.api.get("/v1/administrations/adm-1", headers=OPERATOR)).json()
            await publisher.publish(
                SyncCompleted(
                    administration_id="adm-1",
                    sync_id=upgrade["sync_id"],
                    tenant_id="t1",
                    package=Package.EXACT,
                    at=rig.clock.now(),
                    mode=SyncMode.FULL,
                    applied={},
                    deleted={},
                    duration_seconds=60.0,
                )
            )

        async def recorded() -> str | None:
            response = await rig.api.get("/v1/administrations/adm-1", headers=OPERATOR)
            value = response.json()["last_full_sync_connector_version"]
            return None if value is None else str(value)

        version = await eventually(recorded, what="the upgrade's version to be recorded")
    assert (upgrade["mode"], upgrade["trigger"]) == ("full", "connector-upgrade")
    assert before["last_full_sync_connector_version"] is None
    assert version == "2.0.0"
