"""Each service served over HTTP on loopback, as the fuzzer calls it (sandboxes included)."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

from ledgerbus_contracts.packages import declaration, declared_packages
from ledgerbus_servicekit import ServiceSettings
from ledgerbus_servicekit.testing import served_app
from tests.fuzz.seeds import seed_ledger_store, seed_notifier, seed_scheduler

OPERATOR_TOKEN = "dev-operator-token"
TENANT_TOKEN = "fuzz-tenant-token"
TOKENS = {"operator": OPERATOR_TOKEN, "tenant": TENANT_TOKEN}
TENANT_TOKENS = {TENANT_TOKEN: "fuzz-tenant"}

Settings = Callable[..., ServiceSettings]
SERVICES = (
    "scheduler",
    "ledger-store",
    "notifier",
    *(package.service for package in declared_packages().values()),
)
"""The services fuzzed: every one, with a connector per declared package."""


@dataclass(frozen=True)
class Served:
    """A served service: its base URL and the path parameters of what it holds."""

    url: str
    known: dict[str, str] = field(default_factory=dict)


@contextlib.asynccontextmanager
async def served_service(name: str, service_settings: Settings) -> AsyncIterator[Served]:
    """Service ``name``, seeded: a connector with its package's sandbox behind it, the
    scheduler with every connector it asks who owns a connection."""
    common: dict[str, Any] = {"tenant_tokens": TENANT_TOKENS}
    if name == "scheduler":
        from ledgerbus_scheduler.core.config import Settings as SchedulerSettings
        from ledgerbus_scheduler.main import create_app as scheduler

        async with contextlib.AsyncExitStack() as stack:
            connectors = {
                name: await stack.enter_async_context(
                    _served_connector(package.service, service_settings, common)
                )
                for name, package in declared_packages().items()
            }
            settings = service_settings(
                SchedulerSettings, scheduling_enabled=False, connector_urls=connectors, **common
            )
            async with served_app(scheduler(settings, start_scheduling=False)) as url:
                yield Served(url, await seed_scheduler(url))
    elif name == "ledger-store":
        from ledgerbus_ledger_store.core.config import Settings as LedgerSettings
        from ledgerbus_ledger_store.main import create_app as ledger

        ledger_settings = service_settings(LedgerSettings, **common)
        async with served_app(ledger(ledger_settings)) as url:
            yield Served(url, await seed_ledger_store(url, ledger_settings))
    elif name == "notifier":
        from ledgerbus_notifier.core.config import Settings as NotifierSettings
        from ledgerbus_notifier.main import create_app as notifier

        async with served_app(notifier(service_settings(NotifierSettings, **common))) as url:
            yield Served(url, await seed_notifier(url))
    else:
        async with _served_connector(name, service_settings, common) as url:
            yield Served(url)


@contextlib.asynccontextmanager
async def _served_connector(
    name: str, service_settings: Settings, common: dict[str, Any]
) -> AsyncIterator[str]:
    package = declaration(name.removeprefix("connector-"))
    connector = import_module(f"{package.connector_module}.main")
    sandbox = import_module(package.sandbox_module)
    async with served_app(sandbox.create_app()) as sandbox_url:
        env = package.connector_env.items()
        urls = {k: v.replace("{sandbox_url}", sandbox_url) for k, v in env}
        urls[package.base_url_variable] = sandbox_url
        settings = service_settings(connector.Settings, **urls, **common)
        async with served_app(connector.create_app(settings, start_worker=False)) as url:
            yield url
