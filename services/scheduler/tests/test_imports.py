"""Bulk onboarding's own refusals, the scheduler alone (the imports themselves run
against every package's connector in tests/e2e/test_onboarding.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from ledgerbus_scheduler.testing import OPERATOR, running_scheduler
from ledgerbus_servicekit import ServiceSettings
from ledgerbus_servicekit.testing import free_port

pytestmark = pytest.mark.integration
Settings = Callable[..., ServiceSettings]
PATH = "/v1/connections/c1/imports"


def body(**fields: Any) -> dict[str, Any]:
    return {
        "tenant_id": "t1",
        "package": "exact",
        "administrations": [{"external_id": "100001"}],
        **fields,
    }


@pytest.mark.parametrize(
    ("fields", "where", "says"),
    [
        ({"package": "nope"}, ["body", "package"], "unknown package 'nope'"),
        ({"administrations": []}, ["body", "administrations"], "at least 1"),
        (
            {"administrations": [{"external_id": "1"}] * 501},
            ["body", "administrations"],
            "at most 500",
        ),
        (
            {"nightly_window_start": "05:00", "nightly_window_end": "01:00"},
            ["body"],
            "ends (01:00:00) before it starts",
        ),
        ({"timezone": "Mars/Olympus"}, ["body", "timezone"], "unknown timezone"),
        ({"sync_from": "2099-01-01"}, ["body", "sync_from"], "future"),
        (
            {"administrations": [{"external_id": "1", "x": 1}]},
            ["body", "administrations", 0, "x"],
            "",
        ),
    ],
)
async def test_a_bad_import_is_refused_whole_naming_the_problem(
    service_settings: Settings, fields: dict[str, Any], where: list[Any], says: str
) -> None:
    nowhere = {"exact": f"http://127.0.0.1:{free_port()}"}
    async with running_scheduler(service_settings, connector_urls=nowhere) as rig:
        answer = await rig.api.post(PATH, json=body(**fields), headers=OPERATOR)
    assert answer.status_code == 422, answer.text
    [problem] = answer.json()["detail"]
    assert problem["loc"] == where
    assert says in problem["msg"]


async def test_nothing_is_imported_while_the_connector_cannot_be_asked(
    service_settings: Settings,
) -> None:
    nowhere = {"exact": f"http://127.0.0.1:{free_port()}"}
    async with running_scheduler(service_settings, connector_urls=nowhere) as rig:
        answer = await rig.api.post(PATH, json=body(), headers=OPERATOR)
        listed = await rig.api.get("/v1/administrations", headers=OPERATOR)
    assert answer.status_code == 503, answer.text
    assert "connector-exact cannot be reached" in answer.json()["detail"][0]["msg"]
    assert listed.json() == []


async def test_the_import_route_is_documented_with_the_one_error_shape(
    service_settings: Settings,
) -> None:
    async with running_scheduler(service_settings) as rig:
        spec = (await rig.api.get("/openapi.json")).json()
    operation = spec["paths"]["/v1/connections/{connection_id}/imports"]["post"]
    assert operation["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/AdministrationImport"
    )
    ok = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert ok["$ref"].endswith("/ImportReport")
    for code in ("403", "422", "502", "503"):
        schema = operation["responses"][code]["content"]["application/json"]["schema"]
        assert schema["$ref"].endswith("/ErrorResponse"), code
    reasons = spec["components"]["schemas"]["ImportResult"]["properties"]["reason"]
    assert "already_registered" in str(reasons) and "not_reachable" in str(reasons)
