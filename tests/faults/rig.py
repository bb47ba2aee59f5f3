"""One package's connector, its sandbox and the ledger-store, running in-process for a fault.

:func:`package_platform` serves the sandbox over HTTP behind a :class:`Tamper` (which
can answer chosen calls with any status and body, login endpoints included), runs the
connector (on a :class:`FakeClock`, so waits for rate limits take no time) and the
ledger-store on the test's topics and schemas, and connects one administration.
:func:`full_sync` requests a sync and waits for the ledger-store to say how it ended;
:func:`assert_mirrored` compares the whole ledger of the administration with the sandbox.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx
from fastapi import FastAPI
from starlette.types import ASGIApp, Receive, Scope, Send

from ledgerbus_connectorkit.testing import ConformanceRig
from ledgerbus_contracts import Package, SyncMode, supported_entity_types
from ledgerbus_ledger_store.core.config import Settings as LedgerSettings
from ledgerbus_ledger_store.main import create_app as create_ledger_store
from ledgerbus_sandboxes.common import DataSizes
from ledgerbus_servicekit import FakeClock, ServiceSettings
from ledgerbus_servicekit.clock import Clock
from ledgerbus_servicekit.testing import eventually, running_app, served_app
from tests.e2e.mirror import differences, sandbox_ids

OPERATOR = {"Authorization": "Bearer dev-operator-token"}
TENANT = "conformance"  # the tenant ConformanceRig's requests name
SMALL = DataSizes(
    gl_accounts=30, contacts=20, projects=4, cost_centers=3, cost_units=0, payment_terms=5,
    transaction_lines=150,
)  # fmt: skip
TERMINAL = ("succeeded", "failed", "needs_attention")


@dataclass
class Tamper:
    """ASGI middleware: the next matching calls get a chosen answer instead of the app's."""

    app: ASGIApp
    queue: list[tuple[str, int, bytes, str]] = field(default_factory=list)

    def answer_next(
        self, path_contains: str, status: int, body: bytes, content_type: str, times: int = 1
    ) -> None:
        """Answer ``times`` matching calls with ``status`` and ``body``."""
        self.queue.extend([(path_contains, status, body, content_type)] * times)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not scope["path"].startswith("/_sandbox"):
            for index, (fragment, status, body, content_type) in enumerate(self.queue):
                if fragment in scope["path"]:
                    del self.queue[index]
                    headers = [(b"content-type", content_type.encode())]
                    await send(
                        {"type": "http.response.start", "status": status, "headers": headers}
                    )
                    await send({"type": "http.response.body", "body": body})
                    return
        await self.app(scope, receive, send)


@dataclass(frozen=True)
class Kit:
    """What differs between packages."""

    package: Package
    external_id: str
    api_path: str  # the fragment every data call's path has
    malformed: tuple[bytes, str]  # a well-formed answer of the wrong shape, and its type

    def sandbox(self, sizes: DataSizes) -> FastAPI:
        """The package's sandbox with ``sizes`` of data."""
        if self.package is Package.EXACT:
            from ledgerbus_sandboxes.exact import ExactSandboxConfig
            from ledgerbus_sandboxes.exact import create_app as exact

            return exact(ExactSandboxConfig(sizes=sizes, sync_page_size=100, regular_page_size=20))
        if self.package is Package.TWINFIELD:
            from ledgerbus_sandboxes.twinfield import create_app as twinfield
            from ledgerbus_sandboxes.twinfield.app import TwinfieldSandboxConfig

            return twinfield(TwinfieldSandboxConfig(sizes=sizes))
        from ledgerbus_sandboxes.snelstart import create_app as snelstart
        from ledgerbus_sandboxes.snelstart.app import SnelStartSandboxConfig

        return snelstart(SnelStartSandboxConfig(sizes=sizes))

    @property
    def name(self) -> str:
        """``exact``, ``twinfield`` or ``snelstart``."""
        return str(self.package)

    @property
    def module(self) -> str:
        """The connector's module (``python -m``)."""
        return f"ledgerbus_connector_{self.name}"

    @property
    def port_variable(self) -> str:
        """The variable that sets the connector's port."""
        return f"CONNECTOR_{self.name.upper()}_PORT"

    @property
    def url_variable(self) -> str:
        """The variable that points the connector at its package."""
        return f"{self.name.upper()}_BASE_URL"

    def settings(
        self, build: Callable[..., ServiceSettings], sandbox_url: str, **extra: Any
    ) -> ServiceSettings:
        """The connector's settings on the test's topics and schema, against the sandbox."""
        if self.package is Package.EXACT:
            from ledgerbus_connector_exact.core.config import Settings as Exact

            return build(Exact, exact_base_url=sandbox_url, **extra)
        if self.package is Package.TWINFIELD:
            from ledgerbus_connector_twinfield.core.config import Settings as Twinfield

            return build(Twinfield, twinfield_login_url=sandbox_url, **extra)
        from ledgerbus_connector_snelstart.core.config import Settings as SnelStart

        return build(SnelStart, snelstart_base_url=sandbox_url, **extra)

    def app(self, settings: ServiceSettings, clock: Clock) -> FastAPI:
        """The connector app with ``settings``, on ``clock``."""
        if self.package is Package.EXACT:
            from ledgerbus_connector_exact.main import create_app as exact

            return exact(settings, clock=clock)  # type: ignore[arg-type]
        if self.package is Package.TWINFIELD:
            from ledgerbus_connector_twinfield.main import create_app as twinfield

            return twinfield(settings, clock=clock)  # type: ignore[arg-type]
        from ledgerbus_connector_snelstart.main import create_app as snelstart

        return snelstart(settings, clock=clock)  # type: ignore[arg-type]

    async def credentials(self, sandbox_url: str) -> dict[str, str]:
        """The body that creates a connection: a fresh code, or the demo client key."""
        if self.package is Package.EXACT:
            from ledgerbus_sandboxes.exact.consent import authorize

            return {"code": await authorize(sandbox_url)}
        async with httpx.AsyncClient(base_url=sandbox_url) as client:
            demo: dict[str, str] = (await client.get("/_sandbox/demo-credentials")).json()
            return demo


SOAP_NOTHING = (
    b'<?xml version="1.0"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">'
    b"<soap:Body><Unexpected/></soap:Body></soap:Envelope>"
)
KITS = {
    "exact": Kit(
        Package.EXACT, "100001", "/api/v1/", (b'{"d": {"unexpected": []}}', "application/json")
    ),
    "twinfield": Kit(Package.TWINFIELD, "NLA000001", "/webservices/", (SOAP_NOTHING, "text/xml")),
    "snelstart": Kit(
        Package.SNELSTART,
        "00000000-0000-4000-8000-000000000001",
        "/v2/",
        (b'{"unexpected": true}', "application/json"),
    ),
}


@dataclass
class Platform:
    """A running package platform with one connected administration."""

    kit: Kit
    rig: ConformanceRig
    ledger: httpx.AsyncClient
    sandbox_url: str
    sandbox: FastAPI
    tamper: Tamper
    connector_url: str = ""

    async def control(self, method: str, path: str, body: Any) -> None:
        """Call the sandbox's control API (``/_sandbox/...``)."""
        async with httpx.AsyncClient(base_url=self.sandbox_url) as client:
            response = await client.request(method, f"/_sandbox/{path}", json=body)
            response.raise_for_status()


@asynccontextmanager
async def package_platform(
    package: str,
    service_settings: Callable[..., ServiceSettings],
    sizes: DataSizes = SMALL,
    shared: dict[str, Any] | None = None,
    clock: Clock | None = None,
    **connector_settings: Any,
) -> AsyncIterator[Platform]:
    """The sandbox, the connector and the ledger-store of ``package``, connected.

    ``shared`` overrides settings of both services (another broker or database); the
    connector runs on ``clock`` (default: a fake one, so waits take no time).
    """
    shared = shared or {}
    kit = KITS[package]
    sandbox = kit.sandbox(sizes)
    tamper = Tamper(sandbox)
    clock = clock or FakeClock(dt.datetime.now(dt.UTC))
    async with served_app(tamper) as url:  # type: ignore[arg-type]
        connector_app = kit.app(
            kit.settings(service_settings, url, **shared, **connector_settings), clock
        )
        ledger_settings = service_settings(LedgerSettings, decode_workers=0, **shared)
        async with (
            running_app(create_ledger_store(ledger_settings)) as ledger,  # type: ignore[arg-type]
            served_app(connector_app) as connector_url,
        ):
            rig = await connect(kit, url, connector_url, ledger_settings)
            yield Platform(kit, rig, ledger, url, sandbox, tamper, connector_url)


async def connect(
    kit: Kit, sandbox_url: str, connector_url: str, settings: ServiceSettings
) -> ConformanceRig:
    """Create a connection in the connector (over HTTP); a rig for its administration."""
    async with httpx.AsyncClient(base_url=connector_url, timeout=30) as connector:
        created = await connector.post(
            "/v1/connections",
            json={**await kit.credentials(sandbox_url), "tenant_id": TENANT},
            headers=OPERATOR,
        )
    assert created.status_code == 201, created.text
    return ConformanceRig(
        kit.package,
        sandbox_url,
        kit.external_id,
        created.json()["id"],
        settings.kafka_bootstrap_servers,
        settings.topics,
        administration_id=f"fault-{kit.name}",
    )


async def sync_ended(
    ledger: httpx.AsyncClient, sync_id: str, timeout: float = 120
) -> dict[str, Any]:
    """The ledger-store's view of a sync once it has ended."""

    async def ended() -> dict[str, Any] | None:
        body = await sync_state(ledger, sync_id)
        return body if body.get("state") in TERMINAL else None

    return await eventually(ended, timeout=timeout, interval=0.2, what=f"sync {sync_id} to end")


async def sync_state(ledger: httpx.AsyncClient, sync_id: str) -> dict[str, Any]:
    """The ledger-store's record of a sync; empty while it cannot answer (its database or
    broker may be down in a fault test)."""
    try:
        response = await ledger.get(f"/v1/syncs/{sync_id}", headers=OPERATOR)
    except Exception:  # an in-process app's error surfaces here
        return {}
    body: dict[str, Any] = response.json() if response.status_code == 200 else {}
    return body


async def full_sync(platform: Platform, timeout: float = 120) -> dict[str, Any]:
    """Request a full sync through Kafka; the ledger-store's record of it once it ended."""
    return await sync_ended(platform.ledger, await platform.rig.request(SyncMode.FULL), timeout)


async def assert_mirrored(platform: Platform, sync: dict[str, Any] | None = None) -> None:
    """The administration's ledger is its sandbox; with ``sync``, each record applied once."""
    types = sorted(supported_entity_types(platform.kit.package))
    found = await differences(
        platform.ledger, platform.rig.administration_id, platform.sandbox_url,
        platform.kit.external_id, types,
    )  # fmt: skip
    assert found == {}, found
    if sync is not None:
        miscounted = await applied_miscounts(platform, sync)
        assert miscounted == {}, f"applied counts (as counted, in the sandbox): {miscounted}"


async def applied_miscounts(platform: Platform, sync: dict[str, Any]) -> dict[str, tuple[int, int]]:
    """Entity types whose applied count in ``sync`` is not the sandbox's number of records."""
    wrong: dict[str, tuple[int, int]] = {}
    for entity_type in sorted(supported_entity_types(platform.kit.package)):
        expected = await sandbox_ids(platform.sandbox_url, platform.kit.external_id, entity_type)
        applied = int((sync.get("applied") or {}).get(str(entity_type), 0))
        if applied != len(expected):
            wrong[str(entity_type)] = (applied, len(expected))
    return wrong


async def start_and_wait_for_part_applied(
    platform: Platform,
    sizes: DataSizes,
    request: Callable[[], Awaitable[str]] | None = None,
) -> str:
    """Slow the sandbox down, request a full sync (through ``request``, by default on
    ``sync.requests``), and wait until some of its lines are applied; returns its id."""
    slow = {"latency_ms": 150, "path_contains": platform.kit.api_path}
    await platform.control("PUT", "faults", slow)
    sync_id = await (request() if request else platform.rig.request(SyncMode.FULL))

    async def part_applied() -> bool:
        state = await sync_state(platform.ledger, sync_id)
        applied = (state.get("applied") or {}).get("transaction_line", 0)
        return 0 < applied < sizes.transaction_lines

    await eventually(part_applied, timeout=120, interval=0.1, what="part of the sync applied")
    return sync_id


async def end_exact(platform: Platform, sync_id: str) -> dict[str, tuple[int, int]]:
    """The sync (sandbox at full speed again) ended succeeded and the ledger is exact;
    returns the entity types whose applied count is wrong."""
    await platform.control("PUT", "faults", {"latency_ms": 0})
    sync = await sync_ended(platform.ledger, sync_id, timeout=240)
    assert sync["state"] == "succeeded", json.dumps(sync.get("errors"))
    await assert_mirrored(platform)
    return await applied_miscounts(platform, sync)
