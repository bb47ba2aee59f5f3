"""sync_from and since (issue 19): validated, documented, and a moved sync_from asks for
one full sync of the dated types."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from ledgerbus_contracts import EntityType, RequestSync, SyncMode, SyncTrigger
from ledgerbus_scheduler.testing import OPERATOR, Rig, running_scheduler
from ledgerbus_servicekit import ServiceSettings
from ledgerbus_servicekit.testing import TopicReader

pytestmark = pytest.mark.integration
Settings = Callable[..., ServiceSettings]
# The rig's clock starts 2026-10-31 22:00 UTC: 2026-10-31 in Amsterdam.


def _named(response: Any, field: str) -> str:
    assert response.status_code == 422, response.text
    (item,) = response.json()["detail"]
    assert item["loc"] == ["body", field], item
    return str(item["msg"])


async def test_a_sync_from_in_the_future_is_refused_by_name(service_settings: Settings) -> None:
    async with running_scheduler(service_settings) as rig:
        created = await rig.register("adm-1", sync_from="2026-11-01")
        assert (await rig.register("adm-1", sync_from="2026-10-31")).status_code == 201
        patched = await rig.api.patch(
            "/v1/administrations/adm-1", json={"sync_from": "2027-01-01"}, headers=OPERATOR
        )
    assert "sync_from 2026-11-01 is in the future" in _named(created, "sync_from")
    assert "sync_from 2027-01-01 is in the future" in _named(patched, "sync_from")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"mode": "incremental", "since": "2026-11-01"}, "since"),
        ({"mode": "full", "since": "2026-01-01"}, "since"),
        ({"mode": "incremental", "replace": True}, "replace"),
        ({"mode": "full", "replace": "yes"}, "replace"),
    ],
)
async def test_since_and_replace_that_do_not_fit_are_refused_by_name(
    service_settings: Settings, body: dict[str, Any], field: str
) -> None:
    async with running_scheduler(service_settings) as rig:
        await rig.register("adm-1")
        response = await rig.api.post(
            "/v1/administrations/adm-1/syncs", json=body, headers=OPERATOR
        )
    _named(response, field)


async def _requests(rig: Rig, count: int) -> list[RequestSync]:
    settings = rig.settings
    async with TopicReader(settings.kafka_bootstrap_servers, settings.topics.sync_requests) as r:
        await r.wait_for(lambda records: len(records) >= count)
        return [e.data for e in r.envelopes() if isinstance(e.data, RequestSync)]


async def test_moving_sync_from_requests_one_full_sync_of_the_dated_types(
    service_settings: Settings,
) -> None:
    async with running_scheduler(service_settings) as rig:
        await rig.register("adm-1", sync_from="2025-01-01")
        for sync_from in ("2024-01-01", "2026-01-01"):
            response = await rig.api.patch(
                "/v1/administrations/adm-1", json={"sync_from": sync_from}, headers=OPERATOR
            )
            assert response.status_code == 200, response.text
        unchanged = await rig.api.patch(
            "/v1/administrations/adm-1", json={"name": "Other BV"}, headers=OPERATOR
        )
        assert unchanged.status_code == 200
        requested = await _requests(rig, 2)
    moved = [r for r in requested if r.trigger is SyncTrigger.SYNC_FROM_CHANGED]
    assert [r.sync_from for r in moved] == [dt.date(2024, 1, 1), dt.date(2026, 1, 1)]
    assert all(r.mode is SyncMode.FULL for r in moved)
    assert all(r.entity_types == (EntityType.TRANSACTION_LINE,) for r in moved)
    assert all(r.requested_by == "operator" for r in moved)
    assert len(requested) == 2


async def test_a_manual_request_carries_since_replace_and_who_asked(
    service_settings: Settings,
) -> None:
    async with running_scheduler(service_settings) as rig:
        await rig.register("adm-1", sync_from="2025-01-01")
        for body in (
            {"mode": "incremental", "since": "2026-03-01"},
            {"mode": "full", "replace": True},
        ):
            response = await rig.api.post(
                "/v1/administrations/adm-1/syncs", json=body, headers=OPERATOR
            )
            assert response.status_code == 202, response.text
        incremental, full = await _requests(rig, 2)
    assert (incremental.since, incremental.sync_from) == (dt.date(2026, 3, 1), dt.date(2025, 1, 1))
    assert incremental.read_from() == dt.date(2026, 3, 1)
    assert full.replace is True and full.requested_by == "operator"
