"""Bulk onboarding through the APIs: the connector lists what a connection reaches, one
scheduler call registers a chosen set, each choice answered on its own; every package,
each connector against its sandbox."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from ledgerbus_servicekit import ServiceSettings
from tests.e2e.onboarding import OPERATOR, RIGS, scheduler_asking

pytestmark = [pytest.mark.e2e, pytest.mark.integration]
Settings = Callable[..., ServiceSettings]
TENANT = "conformance"


def imports_body(package: str, *choices: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {
        "tenant_id": TENANT,
        "package": package,
        "administrations": list(choices),
        "nightly_window_start": "02:00",
        "nightly_window_end": "04:30",
        "timezone": "Europe/Amsterdam",
        "sync_from": "2025-01-01",
        **fields,
    }


def outcomes(answer: Any) -> list[tuple[str, str, str | None]]:
    return [(r["external_id"], r["outcome"], r["reason"]) for r in answer.json()["results"]]


@pytest.mark.parametrize("package", sorted(RIGS))
async def test_a_connections_administrations_are_registered_in_one_call(
    service_settings: Settings, package: str
) -> None:
    async with RIGS[package](service_settings) as (rig, connector):
        path = f"/v1/connections/{rig.connection_id}"
        listed = await connector.get(f"{path}/administrations", headers=OPERATOR)
        assert listed.status_code == 200, listed.text
        reached = {a["code"]: a["name"] for a in listed.json()}
        assert rig.external_id in reached
        async with scheduler_asking(service_settings, package, connector) as scheduler:
            body = imports_body(
                package,
                {"external_id": rig.external_id, "name": "x" * 301},
                *({"external_id": code} for code in reached if code != rig.external_id),
                {"external_id": rig.external_id, "id": f"{package}-chosen"},
                {"external_id": "not-reached-9"},
                {"external_id": rig.external_id},
            )
            first = await scheduler.post(f"{path}/imports", json=body, headers=OPERATOR)
            again = await scheduler.post(f"{path}/imports", json=body, headers=OPERATOR)
            registered = await scheduler.get(
                "/v1/administrations", params={"package": package}, headers=OPERATOR
            )
    assert first.status_code == 200, first.text
    others = [(code, "created", None) for code in reached if code != rig.external_id]
    assert outcomes(first) == [
        (rig.external_id, "refused", "invalid"),
        *others,
        (rig.external_id, "created", None),
        ("not-reached-9", "refused", "not_reachable"),
        (rig.external_id, "refused", "duplicate"),
    ]
    answer = first.json()
    assert (answer["created"], answer["refused"]) == (len(others) + 1, 3)
    assert "name" in answer["results"][0]["message"]
    assert answer["results"][len(others) + 1]["id"] == f"{package}-chosen"
    assert again.status_code == 200, again.text
    assert outcomes(again) == [
        (rig.external_id, "refused", "already_registered"),
        *[(code, "refused", "already_registered") for code, _, _ in others],
        (rig.external_id, "refused", "already_registered"),
        ("not-reached-9", "refused", "not_reachable"),
        (rig.external_id, "refused", "already_registered"),
    ]
    created_ids = [r["id"] for r in answer["results"] if r["outcome"] == "created"]
    assert [r["id"] for r in again.json()["results"][1 : len(others) + 2]] == created_ids
    made = {a["external_id"]: a for a in registered.json()}
    assert set(made) == set(reached)
    for code, administration in made.items():
        assert administration["tenant_id"] == TENANT
        assert administration["connection_id"] == rig.connection_id
        assert administration["nightly_window_start"] == "02:00:00"
        assert administration["sync_from"] == "2025-01-01"
        assert administration["name"] == (reached[code] or administration["name"])
    assert made[rig.external_id]["id"] == f"{package}-chosen"
    assert len(registered.json()) == len(reached)


TOKENS = {"alice-token": "alice"}
ALICE = {"Authorization": "Bearer alice-token"}


async def test_an_import_acts_only_for_the_callers_tenant_on_its_connection(
    service_settings: Settings,
) -> None:
    async with RIGS["eaccounting"](service_settings, tenant_tokens=TOKENS) as (rig, connector):
        path = f"/v1/connections/{rig.connection_id}/imports"
        choice = {"external_id": rig.external_id}
        async with scheduler_asking(
            service_settings, "eaccounting", connector, tenant_tokens=TOKENS
        ) as scheduler:
            for_another = await scheduler.post(
                path, json=imports_body("eaccounting", choice), headers=ALICE
            )
            not_hers = await scheduler.post(
                path, json=imports_body("eaccounting", choice, tenant_id="alice"), headers=ALICE
            )
            on_her_behalf = await scheduler.post(
                path, json=imports_body("eaccounting", choice, tenant_id="alice"), headers=OPERATOR
            )
            registered = await scheduler.get("/v1/administrations", headers=OPERATOR)
    assert for_another.status_code == 403, for_another.text
    assert "tenant 'conformance'" in for_another.json()["detail"][0]["msg"]
    problem = f"connection_id {rig.connection_id!r} is not a connection of tenant 'alice'"
    for refused in (not_hers, on_her_behalf):
        assert refused.status_code == 422, refused.text
        assert problem in refused.json()["detail"][0]["msg"]
    assert registered.json() == []
