"""Demo data for `make run`: a connection and an administration per declared package, a
first sync.

Every step is idempotent, so running the demo twice is safe: connections are
(re-)authorised with fresh credentials (a restarted sandbox forgot the old tokens),
existing administrations are kept, and a sync request that is already running is
deduplicated by the scheduler. The packages are the declared ones (``ledgerbus.packages``
entry points): each declaration names its demo administration and how its sandbox gives
out demo credentials.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import importlib
import os
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Any, cast

import httpx

from ledgerbus_contracts import PackageDeclaration, declared_packages
from ledgerbus_devtools.platform import console

OPERATOR_TOKEN = os.environ.get("LEDGERBUS_OPERATOR_TOKEN", "dev-operator-token")
OPERATOR = {"Authorization": f"Bearer {OPERATOR_TOKEN}"}
TERMINAL_STATES = {"succeeded", "failed", "needs_attention"}
TENANT = "demo"


@dataclass(frozen=True)
class DemoAdministration:
    """One demo administration and the package administration it mirrors."""

    id: str
    package: str
    connection_id: str
    external_id: str
    name: str


def demo_administrations(
    packages: Iterable[PackageDeclaration] | None = None,
) -> list[DemoAdministration]:
    """One demo administration per package (default: every declared one)."""
    return [
        DemoAdministration(
            p.demo_administration_id,
            p.name,
            p.demo_administration_id,
            p.demo.external_id,
            p.demo.name,
        )
        for p in (declared_packages().values() if packages is None else packages)
    ]


async def post_idempotent(
    client: httpx.AsyncClient, url: str, body: dict[str, Any]
) -> httpx.Response:
    """POST that treats 409 (already exists) as success."""
    response = await client.post(url, json=body, headers=OPERATOR)
    if response.status_code not in (200, 201, 202, 409):
        raise RuntimeError(f"POST {url} answered {response.status_code}: {response.text}")
    return response


async def put(client: httpx.AsyncClient, url: str, body: dict[str, Any]) -> httpx.Response:
    """PUT that must succeed (connections are (re-)authorised this way)."""
    response = await client.put(url, json=body, headers=OPERATOR)
    if response.status_code != 200:
        raise RuntimeError(f"PUT {url} answered {response.status_code}: {response.text}")
    return response


async def demo_credentials(
    client: httpx.AsyncClient, package: PackageDeclaration, sandbox: str
) -> dict[str, str]:
    """The package's connection body for the demo, as its declaration says to get it."""
    if package.demo_credentials:
        module, _, name = package.demo_credentials.partition(":")
        get = cast(
            Callable[[str], Awaitable[dict[str, str]]],
            getattr(importlib.import_module(module), name),
        )
        return await get(sandbox)
    response = await client.get(f"{sandbox}/_sandbox/demo-credentials")
    response.raise_for_status()
    credentials: dict[str, str] = response.json()
    return credentials


async def connect_packages(
    urls: dict[str, str],
    packages: Iterable[PackageDeclaration] | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
) -> None:
    """Create (or re-authorise) each package's demo connection in its connector."""
    chosen = declared_packages().values() if packages is None else packages
    async with httpx.AsyncClient(timeout=30, transport=transport) as client:
        for package in chosen:
            credentials = await demo_credentials(client, package, urls[f"{package.name}-sandbox"])
            await put(
                client,
                f"{urls[package.service]}/v1/connections/{package.demo_administration_id}",
                {**credentials, "tenant_id": TENANT},
            )


async def register_administrations(
    scheduler_url: str,
    administrations: Iterable[DemoAdministration] | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
) -> None:
    """Register the demo administrations with the scheduler."""
    chosen = demo_administrations() if administrations is None else administrations
    async with httpx.AsyncClient(timeout=30, transport=transport) as client:
        for admin in chosen:
            await post_idempotent(
                client,
                scheduler_url + "/v1/administrations",
                {
                    "id": admin.id,
                    "tenant_id": TENANT,
                    "package": admin.package,
                    "connection_id": admin.connection_id,
                    "external_id": admin.external_id,
                    "name": admin.name,
                },
            )


async def set_recipients(
    notifier_url: str,
    administrations: Iterable[DemoAdministration] | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
) -> None:
    """Demo recipients, so the mail the notifier sends shows up in the SMTP sink."""
    chosen = demo_administrations() if administrations is None else administrations
    async with httpx.AsyncClient(timeout=30, transport=transport) as client:
        for admin in chosen:
            response = await client.put(
                f"{notifier_url}/v1/administrations/{admin.id}/recipients",
                headers=OPERATOR,
                json={
                    "tenant_id": TENANT,
                    "administration_name": admin.name,
                    "administrators": ["beheerder@demo-kantoor.example"],
                    "clients": [f"klant@{admin.id}.example"],
                },
            )
            if response.status_code != 200:
                raise RuntimeError(f"the notifier refused the demo recipients: {response.text}")


async def request_full_sync(
    scheduler_url: str,
    administration_id: str,
    transport: httpx.AsyncBaseTransport | None = None,
    mode: str = "full",
) -> str:
    """Ask the scheduler for a full sync (or one of ``mode``); returns its sync id."""
    async with httpx.AsyncClient(timeout=30, transport=transport) as client:
        response = await post_idempotent(
            client,
            f"{scheduler_url}/v1/administrations/{administration_id}/syncs",
            {"mode": mode},
        )
    return str(response.json()["sync_id"])


async def then_incremental(
    urls: dict[str, str], administration_id: str, full_sync_id: str, report: Callable[[str], None]
) -> dict[str, Any]:
    """Wait for an administration's full sync, then run its first incremental one (when the
    full one succeeded): each ends in its summary line; returns the last sync's view."""
    ended = await follow_sync(urls["ledger-store"], full_sync_id, lambda _line: None)
    report(f"{administration_id} full: {console.summary_line(ended)}")
    if ended["state"] == "succeeded":
        sync_id = await request_full_sync(urls["scheduler"], administration_id, mode="incremental")
        ended = await follow_sync(urls["ledger-store"], sync_id, lambda _line: None)
        report(f"{administration_id} incremental: {console.summary_line(ended)}")
    return ended


async def previous_duration(
    client: httpx.AsyncClient, administration_id: str, sync_id: str
) -> float | None:
    """How long the administration's last successful sync (not this one) took."""
    response = await client.get(
        "/v1/syncs",
        params={"administration_id": administration_id, "state": "succeeded", "limit": "5"},
        headers=OPERATOR,
    )
    if response.status_code != 200:
        return None
    for run in response.json():
        if run["sync_id"] != sync_id and run.get("duration_seconds") is not None:
            return float(run["duration_seconds"])
    return None


async def follow_sync(
    ledger_store_url: str,
    sync_id: str,
    report: Callable[[str], None],
    timeout: float = 900,
    every: float = 5.0,
) -> dict[str, Any]:
    """Show a sync's progress from the ledger-store until it ends, then its summary.

    A progress line (records, expected total, percent, ETA from the previous duration)
    when the records or state change, at most every ``every`` seconds; the summary line
    when the sync ends."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    shown: tuple[str, int] | None = None
    shown_at = -every
    previous: float | None = None
    async with httpx.AsyncClient(base_url=ledger_store_url, timeout=10) as client:
        while loop.time() < deadline:
            response = await client.get(f"/v1/syncs/{sync_id}", headers=OPERATOR)
            if response.status_code == 200:
                body: dict[str, Any] = response.json()
                if body["state"] in TERMINAL_STATES:
                    report(console.summary_line(body))
                    return body
                if shown is None:
                    previous = await previous_duration(client, body["administration_id"], sync_id)
                key = (str(body["state"]), console.counts(body)[0])
                if key != shown and loop.time() - shown_at >= every:
                    report(console.progress_line(body, previous, dt.datetime.now(dt.UTC)))
                    shown, shown_at = key, loop.time()
            await asyncio.sleep(1.0)
    raise TimeoutError(f"sync {sync_id} did not end within {timeout:.0f}s")
