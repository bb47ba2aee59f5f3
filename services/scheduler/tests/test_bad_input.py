"""Bad input to the scheduler is a 4xx naming the problem, never a 500 (issue 12)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from ledgerbus_scheduler.testing import OPERATOR, running_scheduler
from ledgerbus_servicekit import ServiceSettings

pytestmark = pytest.mark.integration
Settings = Callable[..., ServiceSettings]


def _messages(response: Any) -> str:
    return " | ".join(f"{e['loc']}: {e['msg']}" for e in response.json()["detail"])


async def test_a_patch_must_change_something_and_null_only_what_is_nullable(
    service_settings: Settings,
) -> None:
    async with running_scheduler(service_settings) as rig:
        assert (await rig.register("adm-1")).status_code == 201
        empty = await rig.api.patch("/v1/administrations/adm-1", json={}, headers=OPERATOR)
        null_start = await rig.api.patch(
            "/v1/administrations/adm-1", json={"nightly_window_start": None}, headers=OPERATOR
        )
        cleared = await rig.api.patch(
            "/v1/administrations/adm-1", json={"sync_from": None}, headers=OPERATOR
        )
        spec = (await rig.api.get("/openapi.json")).json()
    assert empty.status_code == 422 and "at least one field" in _messages(empty)
    assert null_start.status_code == 422
    assert null_start.json()["detail"][0]["loc"] == ["body", "nightly_window_start"]
    assert cleared.status_code == 200
    change = spec["components"]["schemas"]["AdministrationChange"]
    assert change["minProperties"] == 1
    assert "anyOf" not in change["properties"]["nightly_window_start"]  # not nullable
    assert {"type": "null"} in change["properties"]["sync_from"]["anyOf"]


@pytest.mark.parametrize(
    "window",
    [
        {"nightly_window_start": "04:00:00Z"},
        {"nightly_window_start": "01:00+05:00", "nightly_window_end": "03:00+05:00"},
    ],
)
async def test_window_times_with_a_zone_are_refused_not_dropped(
    service_settings: Settings, window: dict[str, str]
) -> None:
    async with running_scheduler(service_settings) as rig:
        created = await rig.register("adm-z", **window)
        assert (await rig.register("adm-1")).status_code == 201
        changed = await rig.api.patch("/v1/administrations/adm-1", json=window, headers=OPERATOR)
        stored = (await rig.api.get("/v1/administrations/adm-1", headers=OPERATOR)).json()
    for response in (created, changed):
        assert response.status_code == 422, response.text
        assert "takes no zone" in _messages(response)
    assert stored["nightly_window_start"] == "01:00:00"


@pytest.mark.parametrize(
    ("fields", "loc"),
    [
        ({"id": "a" * 3000}, ["body", "id"]),
        ({"connection_id": "c" * 3000}, ["body", "connection_id"]),
        ({"connection_id": "conn 1"}, ["body", "connection_id"]),
        ({"tenant_id": "t" * 101}, ["body", "tenant_id"]),
        ({"name": "Demo\x00BV"}, ["body", "name"]),
        ({"enabled": 0}, ["body", "enabled"]),
        ({"sync_from": 0}, ["body", "sync_from"]),
        ({"sync_from": "0001-01-01"}, ["body", "sync_from"]),
    ],
)
async def test_ids_and_fields_are_checked_at_the_edge(
    service_settings: Settings, fields: dict[str, Any], loc: list[str]
) -> None:
    async with running_scheduler(service_settings) as rig:
        response = await rig.register(str(fields.pop("id", "adm-1")), **fields)
    assert response.status_code == 422, response.text
    assert response.json()["detail"][0]["loc"] == loc


async def test_nul_long_ids_and_loose_values_in_urls_and_syncs_are_4xx(
    service_settings: Settings,
) -> None:
    async with running_scheduler(service_settings) as rig:
        assert (await rig.register("adm-1")).status_code == 201
        answers = {
            "nul in path": await rig.api.get("/v1/administrations/a%00b", headers=OPERATOR),
            "long id": await rig.api.get(f"/v1/administrations/{'a' * 3000}", headers=OPERATOR),
            "nul in query": await rig.api.get(
                "/v1/administrations", params={"after": "a\x00b"}, headers=OPERATOR
            ),
            "date=0": await rig.api.get("/v1/schedule", params={"date": "0"}, headers=OPERATOR),
            "notify_client: 0": await rig.api.post(
                "/v1/administrations/adm-1/syncs", json={"notify_client": 0}, headers=OPERATOR
            ),
            "since: 0": await rig.api.post(
                "/v1/administrations/adm-1/syncs", json={"since": 0}, headers=OPERATOR
            ),
        }
        put = await rig.api.put("/v1/administrations/adm-1", json={}, headers=OPERATOR)
    assert {what: r.status_code for what, r in answers.items()} == dict.fromkeys(answers, 422)
    assert put.status_code == 405
    assert {"DELETE", "GET", "PATCH"} <= {m.strip() for m in put.headers["allow"].split(",")}
