"""Each service served over HTTP on loopback, as the fuzzer calls it (sandboxes included)."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

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
    "connector-exact",
    "connector-twinfield",
    "connector-snelstart",
)


@dataclass(frozen=True)
class Served:
    """A served service: its base URL and the path parameters of what it holds."""

    url: str
    known: dict[str, str] = field(default_factory=dict)


@contextlib.asynccontextmanager
async def served_service(name: str, service_settings: Settings) -> AsyncIterator[Served]:
    """Service ``name``, seeded: a connector with its package's sandbox behind it, the
    scheduler with the three connectors it asks who owns a connection."""
    common: dict[str, Any] = {"tenant_tokens": TENANT_TOKENS}
    if name == "scheduler":
        from ledgerbus_scheduler.core.config import Settings as SchedulerSettings
        from ledgerbus_scheduler.main import create_app as scheduler

        async with (
            _served_connector("connector-exact", service_settings, common) as exact,
            _served_connector("connector-twinfield", service_settings, common) as twinfield,
            _served_connector("connector-snelstart", service_settings, common) as snelstart,
        ):
            connectors = {"exact": exact, "twinfield": twinfield, "snelstart": snelstart}
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
    if name == "connector-exact":
        from ledgerbus_connector_exact.core.config import Settings as ExactSettings
        from ledgerbus_connector_exact.main import create_app as connector
        from ledgerbus_sandboxes.exact import create_app as sandbox

        settings_class: type[ServiceSettings] = ExactSettings
        url_setting = "exact_base_url"
    elif name == "connector-twinfield":
        from ledgerbus_connector_twinfield.core.config import Settings as TwinfieldSettings
        from ledgerbus_connector_twinfield.main import create_app as connector  # type: ignore[assignment]
        from ledgerbus_sandboxes.twinfield import create_app as sandbox  # type: ignore[assignment]

        settings_class = TwinfieldSettings
        url_setting = "twinfield_login_url"
    else:
        from ledgerbus_connector_snelstart.core.config import Settings as SnelStartSettings
        from ledgerbus_connector_snelstart.main import create_app as connector  # type: ignore[assignment]
        from ledgerbus_sandboxes.snelstart import create_app as sandbox  # type: ignore[assignment]

        settings_class = SnelStartSettings
        url_setting = "snelstart_base_url"
    async with served_app(sandbox()) as sandbox_url:
        settings = service_settings(settings_class, **{url_setting: sandbox_url, **common})
        async with served_app(connector(settings, start_worker=False)) as url:  # type: ignore[arg-type]
            yield url
