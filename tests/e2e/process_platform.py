"""The scheduler, connector-exact, the ledger-store and the notifier as processes, as in
`make run`, against an in-process Exact sandbox; a full sync requested on them."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from opentelemetry.instrumentation.utils import suppress_http_instrumentation

from ledgerbus_connector_exact.core.config import Settings as ExactSettings
from ledgerbus_devtools.processes import environment, healthy, service_process
from ledgerbus_sandboxes.exact import ExactSandboxConfig
from ledgerbus_sandboxes.exact import create_app as create_sandbox
from ledgerbus_sandboxes.exact.consent import authorize
from ledgerbus_servicekit import ServiceSettings
from ledgerbus_servicekit.testing import eventually, free_port, served_app

OPERATOR = {"Authorization": "Bearer dev-operator-token"}
ADMINISTRATION = "observed-exact"
EXTERNAL_ID = "100001"
MODULES = {
    "scheduler": ("ledgerbus_scheduler", "SCHEDULER_PORT"),
    "ledger-store": ("ledgerbus_ledger_store", "LEDGER_STORE_PORT"),
    "notifier": ("ledgerbus_notifier", "NOTIFIER_PORT"),
    "connector-exact": ("ledgerbus_connector_exact", "CONNECTOR_EXACT_PORT"),
}


@dataclass(frozen=True)
class ProcessPlatform:
    """The running services (base URLs by name), their log files and the sandbox."""

    urls: dict[str, str]
    logs: dict[str, Path]
    sandbox_url: str

    async def sandbox(self, method: str, path: str, body: Any) -> None:
        """Call the sandbox's control API (``/_sandbox/...``)."""
        async with httpx.AsyncClient(base_url=self.sandbox_url) as client:
            response = await client.request(method, f"/_sandbox/{path}", json=body)
            response.raise_for_status()

    async def request_full_sync(self) -> str:
        """Connect the sandbox, register the administration, request a full sync; its id.

        The test calls as an untraced caller: once an in-process service of an earlier
        test has instrumented httpx in this process, its calls would carry a traceparent
        of a span no viewer receives, and the sync's trace would not start at the scheduler.
        """
        with suppress_http_instrumentation():
            return await self._request_full_sync()

    async def _request_full_sync(self) -> str:
        async with (
            httpx.AsyncClient(base_url=self.urls["connector-exact"]) as connector,
            httpx.AsyncClient(base_url=self.urls["scheduler"]) as scheduler,
        ):
            code = await authorize(self.sandbox_url)
            created = await connector.put(
                "/v1/connections/observed",
                json={"code": code, "tenant_id": "demo"},
                headers=OPERATOR,
            )
            assert created.status_code in (200, 201), created.text
            registered = await scheduler.post(
                "/v1/administrations",
                headers=OPERATOR,
                json={
                    "id": ADMINISTRATION,
                    "tenant_id": "demo",
                    "package": "exact",
                    "connection_id": "observed",
                    "external_id": EXTERNAL_ID,
                    "name": "Observed BV",
                },
            )
            assert registered.status_code == 201, registered.text
            requested = await scheduler.post(
                f"/v1/administrations/{ADMINISTRATION}/syncs",
                json={"mode": "full"},
                headers=OPERATOR,
            )
            assert requested.status_code in (200, 201, 202), requested.text
            sync_id: str = requested.json()["sync_id"]
            return sync_id

    async def sync_state(self, sync_id: str) -> dict[str, Any]:
        """The ledger-store's view of the sync."""
        async with httpx.AsyncClient(base_url=self.urls["ledger-store"]) as ledger:
            body: dict[str, Any] = (
                await ledger.get(f"/v1/syncs/{sync_id}", headers=OPERATOR)
            ).json()
            return body


@contextlib.asynccontextmanager
async def process_platform(
    service_settings: Callable[..., ServiceSettings], logs: Path, **env_extra: str
) -> AsyncIterator[ProcessPlatform]:
    """Start the four services (their output in ``logs/<name>.log``) until they are ready."""
    exact_port = free_port()
    async with served_app(create_sandbox(ExactSandboxConfig())) as sandbox_url:
        settings = service_settings(ExactSettings)
        env = environment(settings, EXACT_BASE_URL=sandbox_url, **env_extra)
        env["CONNECTOR_URLS"] = f'{{"exact": "http://127.0.0.1:{exact_port}"}}'
        with contextlib.ExitStack() as stack:
            urls, files = {}, {}
            for name, (module, variable) in MODULES.items():
                schema = {"DATABASE_SCHEMA": f"{settings.database_schema}_{name[:5]}"}
                files[name] = logs / f"{name}.log"
                port = exact_port if name == "connector-exact" else None
                _, urls[name] = stack.enter_context(
                    service_process(module, {**env, **schema}, variable, files[name], port=port)
                )
            for url in urls.values():
                await eventually(lambda url=url: healthy(url), timeout=90, what=url)
            yield ProcessPlatform(urls, files, sandbox_url)
