"""The platform runner and the demo take their packages from discovery: a package that
only declares itself (an entry point) gets a sandbox, a connector and a demo."""

from __future__ import annotations

import importlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI, Request

from ledgerbus_contracts import declared_packages
from ledgerbus_contracts.testing import declaration_source, distribution_declaring
from ledgerbus_devtools.platform import demo
from ledgerbus_devtools.platform.processes import platform_processes
from ledgerbus_servicekit.testing import served_app

CREDENTIALS = """
async def credentials(sandbox_url: str) -> dict[str, str]:
    return {"code": "consent-at-" + sandbox_url}
"""


def declaring(tmp_path: Path, credentials: str) -> Any:
    source = declaration_source(
        credential_kind="oauth2",
        prelude=CREDENTIALS,
        demo_credentials=credentials,
        sandbox_health_path="/health",
        connector_env={"ABACUS_LOGIN_URL": "{sandbox_url}/login"},
    )
    return distribution_declaring(tmp_path, "abacus", source)


@pytest.fixture
def abacus(tmp_path: Path) -> Iterator[str]:
    with declaring(tmp_path, "ledgerbus_declared_abacus:credentials") as module:
        yield module


def test_the_runner_starts_a_sandbox_and_a_connector_per_declared_package(
    abacus: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ABACUS_SANDBOX_PORT", "18099")
    specs = {spec.name: spec for spec in platform_processes()}
    names = list(specs)
    sandbox, connector = specs["abacus-sandbox"], specs["connector-abacus"]
    assert (sandbox.module, sandbox.port) == ("abacus_sandbox", 18099)
    assert sandbox.health_path == "/health"
    assert (connector.module, connector.port) == ("ledgerbus_connector_abacus", 8019)
    assert connector.env["ABACUS_BASE_URL"] == "http://127.0.0.1:18099"
    assert connector.env["ABACUS_LOGIN_URL"] == "http://127.0.0.1:18099/login"
    assert names.index("abacus-sandbox") < names.index("ledger-store")
    assert names.index("notifier") < names.index("connector-abacus") < names.index("console")
    for package in ("exact", "twinfield", "snelstart"):
        assert {f"{package}-sandbox", f"connector-{package}"} <= set(names)


def test_the_runner_forgets_a_package_that_is_no_longer_installed(tmp_path: Path) -> None:
    with declaring(tmp_path, ""):
        assert "connector-abacus" in {spec.name for spec in platform_processes()}
    assert "connector-abacus" not in {spec.name for spec in platform_processes()}


class Recorder:
    """Stands in for sandboxes, connectors, scheduler and notifier: records each call."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str, Any]] = []
        self.app = FastAPI()
        self.app.add_api_route("/{path:path}", self.answer, methods=["GET", "PUT", "POST"])

    async def answer(self, request: Request) -> Any:
        body = json.loads(await request.body() or b"null")
        self.calls.append((request.method, str(request.url), body))
        return {"key": "demo-key"} if request.method == "GET" else {"ok": True}


URLS = {
    "abacus-sandbox": "http://sandbox",
    "connector-abacus": "http://connector",
    "scheduler": "http://scheduler",
    "notifier": "http://notifier",
}


async def seed(recorder: Recorder) -> None:
    transport = httpx.ASGITransport(app=recorder.app)
    package = declared_packages()["abacus"]
    [admin] = demo.demo_administrations([package])
    await demo.connect_packages(URLS, [package], transport)
    await demo.register_administrations(URLS["scheduler"], [admin], transport)
    await demo.set_recipients(URLS["notifier"], [admin], transport)


async def test_the_demo_connects_and_registers_a_declared_package(abacus: str) -> None:
    assert "demo-abacus" in {a.id for a in demo.demo_administrations()}
    recorder = Recorder()
    await seed(recorder)
    connect, register, recipients = recorder.calls
    assert connect == (
        "PUT",
        "http://connector/v1/connections/demo-abacus",
        {"code": "consent-at-http://sandbox", "tenant_id": "demo"},
    )
    assert register[:2] == ("POST", "http://scheduler/v1/administrations")
    assert register[2] == {
        "id": "demo-abacus",
        "tenant_id": "demo",
        "package": "abacus",
        "connection_id": "demo-abacus",
        "external_id": "A-1",
        "name": "Demo Abacus BV",
    }
    assert recipients[1] == "http://notifier/v1/administrations/demo-abacus/recipients"
    assert recipients[2]["administration_name"] == "Demo Abacus BV"


async def test_without_a_credentials_hook_the_demo_asks_the_sandbox(tmp_path: Path) -> None:
    with declaring(tmp_path, ""):
        recorder = Recorder()
        await seed(recorder)
    get, connect = recorder.calls[:2]
    assert get == ("GET", "http://sandbox/_sandbox/demo-credentials", None)
    assert connect[2] == {"key": "demo-key", "tenant_id": "demo"}


@pytest.mark.parametrize("name", list(declared_packages()))
async def test_every_declared_sandbox_is_healthy_and_gives_demo_credentials(name: str) -> None:
    package = declared_packages()[name]
    sandbox = importlib.import_module(package.sandbox_module).create_app()
    async with served_app(sandbox) as url, httpx.AsyncClient(timeout=30) as client:
        health = await client.get(url + package.sandbox_health_path)
        credentials = await demo.demo_credentials(client, package, url)
    assert health.status_code == 200, health.text
    assert credentials and all(isinstance(v, str) and v for v in credentials.values())
