"""The console's browser rig: the platform served over real HTTP, the console in front of
it, and Debian's Chromium driven by Playwright for Python.

Every service is served on loopback (``served_app``) because the browser calls the console
and the console calls the services over HTTP, exactly as in ``make run``. Chromium comes
from Debian (``deploy/local/chromium.sh`` installs it when missing); Playwright never
downloads a browser of its own.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import shutil
import subprocess
from collections.abc import AsyncIterator, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from playwright.async_api import Browser, Page, async_playwright

from ledgerbus_servicekit import ServiceSettings, SystemClock
from ledgerbus_servicekit.testing import eventually, served_app
from tests.e2e.platform import OPERATOR, authorize_exact, exact_sandbox

REPO = Path(__file__).resolve().parents[3]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TENANT_TOKENS = {"token-of-demo": "demo", "token-of-other": "other"}
TRACE_VIEWER = "http://127.0.0.1:9411/zipkin/"


class InstantRetries(SystemClock):
    """The real time plus an offset a test may move on; a backoff wait passes at once (a
    failing sandbox fails fast)."""

    def __init__(self) -> None:
        self.offset = dt.timedelta(0)

    def now(self) -> dt.datetime:
        return super().now() + self.offset

    def advance(self, seconds: float) -> None:
        self.offset += dt.timedelta(seconds=seconds)

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(0)


class NoMail:
    """The notifier's sender for these tests: no recipients are set, so nothing is sent."""

    async def send(self, message: EmailMessage, recipient: str) -> None:
        return None


@dataclass
class Console:
    """The served platform, the console in front of it, and a way to open pages."""

    url: str
    exact_url: str
    exact: FastAPI
    connector_clock: InstantRetries
    scheduler: httpx.AsyncClient
    ledger: httpx.AsyncClient
    connector_exact: httpx.AsyncClient
    browser: Browser
    artefacts: Path
    sandbox_urls: dict[str, str] = field(default_factory=dict)
    connectors: dict[str, httpx.AsyncClient] = field(default_factory=dict)
    pages: list[Page] = field(default_factory=list)

    async def connect_package(
        self, package: str, connection_id: str, tenant_id: str
    ) -> dict[str, str]:
        """A connection of ``package`` with its sandbox's demo credentials (code or key),
        which it answers."""
        if package == "exact":
            await self.connect(connection_id, tenant_id)
            return {}
        async with httpx.AsyncClient(base_url=self.sandbox_urls[package]) as sandbox:
            credentials = (await sandbox.get("/_sandbox/demo-credentials")).json()
        response = await self.connectors[package].put(
            f"/v1/connections/{connection_id}",
            json={**credentials, "tenant_id": tenant_id},
            headers=OPERATOR,
        )
        assert response.status_code == 200, response.text
        return dict(credentials)

    async def connect(self, connection_id: str, tenant_id: str) -> None:
        code = await authorize_exact(self.exact_url)
        response = await self.connector_exact.put(
            f"/v1/connections/{connection_id}",
            json={"code": code, "tenant_id": tenant_id},
            headers=OPERATOR,
        )
        assert response.status_code == 200, response.text

    async def register(self, admin_id: str, tenant_id: str, connection_id: str, name: str) -> None:
        response = await self.scheduler.post(
            "/v1/administrations",
            headers=OPERATOR,
            json={
                "id": admin_id,
                "tenant_id": tenant_id,
                "package": "exact",
                "connection_id": connection_id,
                "external_id": "100001",
                "name": name,
            },
        )
        assert response.status_code == 201, response.text

    async def demo(self) -> None:
        """demo-exact of tenant demo, on the Exact sandbox's division 100001."""
        await self.connect("demo-exact", "demo")
        await self.register("demo-exact", "demo", "demo-exact", "Demo Exact BV")

    async def later(self, seconds: float) -> None:
        """Move the Exact sandbox's and connector-exact's clocks on (tokens age)."""
        async with httpx.AsyncClient(base_url=self.exact_url) as sandbox:
            moved = await sandbox.post("/_sandbox/clock/advance", params={"seconds": seconds})
            assert moved.status_code == 200, moved.text
        self.connector_clock.advance(seconds)

    async def open(self, token: str) -> Page:
        """A new page of the console, signed in with ``token``, in English."""
        context = await self.browser.new_context(viewport={"width": 1440, "height": 900})
        page = await context.new_page()
        self.pages.append(page)
        await page.goto(f"{self.url}/?poll=300")
        await page.wait_for_selector("body[data-ready=true]")
        await page.select_option("#language", "en")
        await page.fill("#token", token)
        await page.click("#sign-in button[type=submit]")
        await page.wait_for_selector("#main:not([hidden])")
        return page

    async def screenshot(self, page: Page, name: str) -> Path:
        """Save a screenshot with the test's artefacts and a copy in .local/artifacts/."""
        path = self.artefacts / f"{name}.png"
        await page.screenshot(path=str(path), full_page=True)
        copies = REPO / ".local" / "artifacts" / "console"
        copies.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, copies / path.name)
        return path

    async def sync_state(self, sync_id: str) -> str | None:
        body = (await self.ledger.get(f"/v1/syncs/{sync_id}", headers=OPERATOR)).json()
        state = body.get("state")
        return state if isinstance(state, str) else None

    async def finished(self, admin_id: str, count: int = 1) -> list[dict[str, Any]]:
        """Wait until ``admin_id`` has ``count`` syncs that ended (newest first)."""

        async def ended() -> list[dict[str, Any]] | None:
            runs = (
                await self.ledger.get(
                    "/v1/syncs", params={"administration_id": admin_id}, headers=OPERATOR
                )
            ).json()
            done = [r for r in runs if r["state"] in ("succeeded", "failed", "needs_attention")]
            return done if len(done) >= count else None

        return await eventually(ended, timeout=180, what=f"{count} ended syncs of {admin_id}")


@pytest.fixture(scope="session")
def chromium() -> Path:
    """Debian's Chromium, installed the way the deploy scripts install things."""
    if not CHROMIUM.exists():
        subprocess.run([str(REPO / "deploy/local/chromium.sh"), "install"], check=True)  # noqa: S603
    return CHROMIUM


def _connector(package: str, sandbox_url: str, settings: Callable[..., Any], clock: Any) -> Any:
    """The package's connector service on its sandbox (``clock``: the rig's connector clock)."""
    if package == "exact":
        from ledgerbus_connector_exact.core.config import Settings as ExactSettings
        from ledgerbus_connector_exact.main import create_app as exact_app

        return exact_app(settings(ExactSettings, exact_base_url=sandbox_url), clock=clock)
    if package == "twinfield":
        from ledgerbus_connector_twinfield.core.config import Settings as TwinfieldSettings
        from ledgerbus_connector_twinfield.main import create_app as twinfield_app

        return twinfield_app(
            settings(TwinfieldSettings, twinfield_login_url=sandbox_url), clock=clock
        )
    from ledgerbus_connector_snelstart.core.config import Settings as SnelStartSettings
    from ledgerbus_connector_snelstart.main import create_app as snelstart_app

    return snelstart_app(settings(SnelStartSettings, snelstart_base_url=sandbox_url), clock=clock)


def _sandbox(package: str) -> FastAPI:
    if package == "exact":
        return exact_sandbox()
    if package == "twinfield":
        from ledgerbus_sandboxes.twinfield import create_app as twinfield_sandbox

        return twinfield_sandbox()
    from ledgerbus_sandboxes.snelstart import create_app as snelstart_sandbox

    return snelstart_sandbox()


@asynccontextmanager
async def _console(
    service_settings: Callable[..., ServiceSettings],
    chromium: Path,
    tmp_path: Path,
    packages: tuple[str, ...],
) -> AsyncIterator[Console]:
    """The platform with a sandbox and connector per package, the console and a browser."""
    from ledgerbus_console.core.config import Settings as ConsoleSettings
    from ledgerbus_console.main import create_app as create_console
    from ledgerbus_ledger_store.core.config import Settings as LedgerSettings
    from ledgerbus_ledger_store.main import create_app as create_ledger_store
    from ledgerbus_notifier.core.config import Settings as NotifierSettings
    from ledgerbus_notifier.main import create_app as create_notifier
    from ledgerbus_scheduler.core.config import Settings as SchedulerSettings
    from ledgerbus_scheduler.main import create_app as create_scheduler

    def settings(cls: type[ServiceSettings] = ServiceSettings, **values: object) -> Any:
        return service_settings(cls, tenant_tokens=TENANT_TOKENS, **values)

    async with AsyncExitStack() as stack:

        async def serve(app: Any) -> str:
            served: str = await stack.enter_async_context(served_app(app))
            return served

        sandboxes = {package: _sandbox(package) for package in packages}
        sandbox_urls = {package: await serve(app) for package, app in sandboxes.items()}
        connector_clock = InstantRetries()
        urls = {
            f"connector-{package}": await serve(
                _connector(package, sandbox_urls[package], settings, connector_clock)
            )
            for package in packages
        }
        connector_urls = {package: urls[f"connector-{package}"] for package in packages}
        urls["scheduler"] = await serve(
            create_scheduler(
                settings(SchedulerSettings, connector_urls=connector_urls), start_scheduling=False
            )
        )
        urls["ledger-store"] = await serve(create_ledger_store(settings(LedgerSettings)))
        urls["notifier"] = await serve(create_notifier(settings(NotifierSettings), sender=NoMail()))
        console_settings = ConsoleSettings.model_validate(
            {"service_urls": urls, "trace_viewer_url": TRACE_VIEWER}
        )
        url = await stack.enter_async_context(served_app(create_console(console_settings)))
        clients = {
            name: await stack.enter_async_context(httpx.AsyncClient(base_url=u, timeout=30))
            for name, u in urls.items()
        }
        playwright = await stack.enter_async_context(async_playwright())
        browser = await playwright.chromium.launch(
            executable_path=str(chromium), headless=True, args=CHROMIUM_ARGS
        )
        stack.push_async_callback(browser.close)
        yield Console(
            url=url,
            exact_url=sandbox_urls["exact"],
            exact=sandboxes["exact"],
            connector_clock=connector_clock,
            scheduler=clients["scheduler"],
            ledger=clients["ledger-store"],
            connector_exact=clients["connector-exact"],
            browser=browser,
            artefacts=tmp_path,
            sandbox_urls=sandbox_urls,
            connectors={p: clients[f"connector-{p}"] for p in packages},
        )


@pytest.fixture
async def console(
    service_settings: Callable[..., ServiceSettings], chromium: Path, tmp_path: Path
) -> AsyncIterator[Console]:
    """The platform on Exact, the console and a browser, for one test."""
    async with _console(service_settings, chromium, tmp_path, ("exact",)) as served:
        yield served


@pytest.fixture
async def every_package(
    service_settings: Callable[..., ServiceSettings], chromium: Path, tmp_path: Path
) -> AsyncIterator[Console]:
    """The platform on Exact, Twinfield and SnelStart, the console and a browser."""
    async with _console(
        service_settings, chromium, tmp_path, ("exact", "twinfield", "snelstart")
    ) as served:
        yield served
