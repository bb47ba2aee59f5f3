"""Demo data for `make run`: connections, the three demo administrations, a first sync.

Every step is idempotent, so running the demo twice is safe: connections are
(re-)authorised with fresh credentials (a restarted sandbox forgot the old tokens),
existing administrations are kept, and a sync request that is already running is
deduplicated by the scheduler.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

from ledgerbus_devtools.platform import console
from ledgerbus_sandboxes.exact.consent import authorize as authorize_exact

OPERATOR_TOKEN = os.environ.get("LEDGERBUS_OPERATOR_TOKEN", "dev-operator-token")
OPERATOR = {"Authorization": f"Bearer {OPERATOR_TOKEN}"}
TERMINAL_STATES = {"succeeded", "failed", "needs_attention"}


@dataclass(frozen=True)
class DemoAdministration:
    """One demo administration and the package administration it mirrors."""

    id: str
    package: str
    connection_id: str
    external_id: str
    name: str


DEMO_ADMINISTRATIONS = (
    DemoAdministration("demo-exact", "exact", "demo-exact", "100001", "Demo Exact BV"),
    DemoAdministration(
        "demo-twinfield", "twinfield", "demo-twinfield", "NLA000001", "Demo Twinfield BV"
    ),
    DemoAdministration(
        "demo-snelstart",
        "snelstart",
        "demo-snelstart",
        "00000000-0000-4000-8000-000000000001",
        "Demo SnelStart BV",
    ),
)


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


async def connect_packages(urls: dict[str, str]) -> None:
    """Create the demo connections in the three connectors."""
    async with httpx.AsyncClient(timeout=30) as client:
        code = await authorize_exact(urls["exact-sandbox"])
        exact = {"code": code, "tenant_id": "demo"}
        await put(client, urls["connector-exact"] + "/v1/connections/demo-exact", exact)
        for package in ("twinfield", "snelstart"):
            sandbox = urls[f"{package}-sandbox"]
            demo = (await client.get(f"{sandbox}/_sandbox/demo-credentials")).json()
            await put(
                client,
                urls[f"connector-{package}"] + f"/v1/connections/demo-{package}",
                {**demo, "tenant_id": "demo"},
            )


async def register_administrations(scheduler_url: str) -> None:
    """Register the three demo administrations with the scheduler."""
    async with httpx.AsyncClient(timeout=30) as client:
        for admin in DEMO_ADMINISTRATIONS:
            await post_idempotent(
                client,
                scheduler_url + "/v1/administrations",
                {
                    "id": admin.id,
                    "tenant_id": "demo",
                    "package": admin.package,
                    "connection_id": admin.connection_id,
                    "external_id": admin.external_id,
                    "name": admin.name,
                },
            )


async def set_recipients(notifier_url: str) -> None:
    """Demo recipients, so the mail the notifier sends shows up in the SMTP sink."""
    async with httpx.AsyncClient(timeout=30) as client:
        for admin in DEMO_ADMINISTRATIONS:
            response = await client.put(
                f"{notifier_url}/v1/administrations/{admin.id}/recipients",
                headers=OPERATOR,
                json={
                    "tenant_id": "demo",
                    "administration_name": admin.name,
                    "administrators": ["beheerder@demo-kantoor.example"],
                    "clients": [f"klant@{admin.id}.example"],
                },
            )
            if response.status_code != 200:
                raise RuntimeError(f"the notifier refused the demo recipients: {response.text}")


async def request_full_sync(scheduler_url: str, administration_id: str) -> str:
    """Ask the scheduler for a full sync; returns its sync id."""
    async with httpx.AsyncClient(timeout=30) as client:
        response = await post_idempotent(
            client,
            f"{scheduler_url}/v1/administrations/{administration_id}/syncs",
            {"mode": "full"},
        )
    return str(response.json()["sync_id"])


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
