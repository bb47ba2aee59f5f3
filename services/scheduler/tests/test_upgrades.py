"""A connector version that requires it turns one of the next nights' runs into a full sync."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from ledgerbus_contracts import ConnectorVersionAnnounced, Package
from ledgerbus_scheduler.testing import OPERATOR, running_scheduler
from ledgerbus_servicekit import EventPublisher, ServiceSettings
from ledgerbus_servicekit.testing import eventually

pytestmark = pytest.mark.integration


async def test_an_upgrade_schedules_one_full_sync_per_administration_over_the_next_week(
    service_settings: Callable[..., ServiceSettings],
) -> None:
    async with running_scheduler(service_settings) as rig:
        for n in range(20):
            await rig.register(f"adm-{n:02d}")
        await rig.register("tw-1", package="twinfield", external_id="NLA000001")
        settings = rig.settings
        async with EventPublisher(
            settings.kafka_bootstrap_servers, settings.topics, source="/connector-exact"
        ) as publisher:
            await publisher.publish(
                ConnectorVersionAnnounced(
                    package=Package.EXACT,
                    version="2.0.0",
                    requires_full_sync=True,
                    at=rig.clock.now(),
                )
            )

        async def planned() -> list[dict[str, object]] | None:
            async with rig.pool() as pool:
                rows = await pool.fetch(
                    "SELECT id, upgrade_full_on FROM administrations"
                    " WHERE upgrade_version = '2.0.0'"
                )
            return [dict(r) for r in rows] if len(rows) == 20 else None

        rows = await eventually(planned, what="the upgrade to be planned")
        nights = {r["upgrade_full_on"] for r in rows}
        first = rows[0]
        schedule = (
            await rig.api.get(
                "/v1/schedule", params={"date": str(first["upgrade_full_on"])}, headers=OPERATOR
            )
        ).json()
    announced = dt.date(2026, 10, 31)
    assert all(announced < n <= announced + dt.timedelta(days=7) for n in nights)  # type: ignore[operator]
    assert len(nights) > 1, "the full syncs are not spread over several nights"
    run = next(r for r in schedule["runs"] if r["administration_id"] == first["id"])
    assert (run["mode"], run["trigger"]) == ("full", "connector-upgrade")
    tw = next(r for r in schedule["runs"] if r["administration_id"] == "tw-1")
    assert tw["trigger"] != "connector-upgrade"
