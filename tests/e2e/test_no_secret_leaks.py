"""No credential of any package reaches a log line, a span, an event, an error or a mail.

The six services run as real processes (``python -m``, their own logging set-up, uvicorn
as in production, spans printed to the log with ``OTEL_EXPORTER=console``) against the
three sandboxes. Each package is connected and fully synced; then two syncs fail on
purpose, so that error messages and failure mails are written: Exact's grants are
revoked, and Twinfield's token validation (whose URL carries the access token) answers
500. Every credential a sandbox received or issued (client secrets, subscription and
client keys, codes, access and refresh tokens) is then looked for in every log file,
every record of every topic of the run (aborted ones too) and every mail: none is found.
"""

from __future__ import annotations

import json
import secrets
import signal
import subprocess
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from ledgerbus_devtools.processes import environment, healthy, service_process
from ledgerbus_devtools.smtp_sink import SmtpSink
from ledgerbus_sandboxes.common import DataSizes
from ledgerbus_sandboxes.exact import ExactSandboxConfig
from ledgerbus_sandboxes.exact import create_app as create_exact
from ledgerbus_sandboxes.exact.consent import authorize
from ledgerbus_sandboxes.snelstart import create_app as create_snelstart
from ledgerbus_sandboxes.snelstart.app import SnelStartSandboxConfig
from ledgerbus_sandboxes.twinfield import create_app as create_twinfield
from ledgerbus_sandboxes.twinfield.app import TwinfieldSandboxConfig
from ledgerbus_servicekit import ServiceSettings
from ledgerbus_servicekit.testing import eventually, free_port, served_app
from tests.e2e.secrets_probe import SecretRecorder, leaks, topic_contents

pytestmark = [pytest.mark.e2e, pytest.mark.integration, pytest.mark.slow]
OPERATOR = {"Authorization": "Bearer dev-operator-token"}
TENANT = "demo"
SMALL = DataSizes(
    gl_accounts=12, contacts=8, projects=0, cost_centers=0, cost_units=0, payment_terms=3,
    transaction_lines=60,
)  # fmt: skip
SNELSTART_ADMIN = "00000000-0000-4000-8000-000000000001"
ADMINISTRATIONS = {  # id: (package, external id)
    "leak-exact": ("exact", "100001"),
    "leak-twinfield": ("twinfield", "NLA000001"),
    "leak-snelstart": ("snelstart", SNELSTART_ADMIN),
}
SERVICES = {  # name: (module, port variable)
    "ledger-store": ("ledgerbus_ledger_store", "LEDGER_STORE_PORT"),
    "scheduler": ("ledgerbus_scheduler", "SCHEDULER_PORT"),
    "notifier": ("ledgerbus_notifier", "NOTIFIER_PORT"),
    "connector-exact": ("ledgerbus_connector_exact", "CONNECTOR_EXACT_PORT"),
    "connector-twinfield": ("ledgerbus_connector_twinfield", "CONNECTOR_TWINFIELD_PORT"),
    "connector-snelstart": ("ledgerbus_connector_snelstart", "CONNECTOR_SNELSTART_PORT"),
}


def _token(label: str) -> str:
    return f"{label}-{secrets.token_urlsafe(18)}"


@contextmanager
def services(
    service_settings: Callable[..., ServiceSettings], logs: Path, extra: dict[str, str]
) -> Iterator[dict[str, str]]:
    """The six services as processes on free ports; stopped with SIGTERM (logs flushed)."""
    ports = {name: free_port() for name in SERVICES}
    urls = {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}
    connectors = {p: urls[f"connector-{p}"] for p in ("exact", "twinfield", "snelstart")}
    shared = environment(service_settings(ServiceSettings))
    with ExitStack() as stack:
        processes: list[subprocess.Popen[bytes]] = []
        for name, (module, port_variable) in SERVICES.items():
            env = {
                **shared,
                **extra,
                "DATABASE_SCHEMA": f"{shared['DATABASE_SCHEMA']}_{name.replace('-', '_')}",
                "CONNECTOR_URLS": json.dumps(connectors),
                "OTEL_EXPORTER": "console",
                "PYTHONUNBUFFERED": "1",
            }
            process, _ = stack.enter_context(
                service_process(module, env, port_variable, logs / f"{name}.log", ports[name])
            )
            processes.append(process)
        yield urls
        for process in processes:
            process.send_signal(signal.SIGTERM)
        for process in processes:
            process.wait(timeout=60)


async def _ok(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code in (200, 201, 202), response.text
    body: dict[str, Any] = response.json()
    return body


async def _sync_ended(client: httpx.AsyncClient, ledger: str, sync_id: str) -> dict[str, Any]:
    async def ended() -> dict[str, Any] | None:
        response = await client.get(f"{ledger}/v1/syncs/{sync_id}", headers=OPERATOR)
        body: dict[str, Any] = response.json() if response.status_code == 200 else {}
        return body if body.get("state") in ("succeeded", "failed", "needs_attention") else None

    return await eventually(ended, timeout=180, interval=0.5, what=f"sync {sync_id} to end")


async def test_no_credential_reaches_logs_topics_or_mails(
    service_settings: Callable[..., ServiceSettings], tmp_path: Path
) -> None:
    exact_secret, twinfield_secret = _token("exact-secret"), _token("twinfield-secret")
    subscription_key, client_key = _token("subscription"), _token("clientkey")
    exact = create_exact(ExactSandboxConfig(client_secret=exact_secret, sizes=SMALL))
    twinfield = SecretRecorder(
        create_twinfield(TwinfieldSandboxConfig(client_secret=twinfield_secret, sizes=SMALL))
    )
    snelstart = create_snelstart(
        SnelStartSandboxConfig(
            administrations={SNELSTART_ADMIN: ("Demo SnelStart BV", client_key)},
            subscription_key=subscription_key,
            sizes=SMALL,
        )
    )
    recorders = [SecretRecorder(exact, [exact_secret]), twinfield, SecretRecorder(snelstart)]
    twinfield.secrets.add(twinfield_secret)
    recorders[2].secrets |= {subscription_key, client_key}
    sink = SmtpSink(port=free_port())
    async with (
        sink,
        served_app(recorders[0]) as exact_url,  # type: ignore[arg-type]
        served_app(twinfield) as twinfield_url,  # type: ignore[arg-type]
        served_app(recorders[2]) as snelstart_url,  # type: ignore[arg-type]
        httpx.AsyncClient(timeout=30) as client,
    ):
        extra = {
            "EXACT_BASE_URL": exact_url,
            "EXACT_CLIENT_SECRET": exact_secret,
            "TWINFIELD_BASE_URL": twinfield_url,
            "TWINFIELD_CLIENT_SECRET": twinfield_secret,
            "SNELSTART_BASE_URL": snelstart_url,
            "SNELSTART_SUBSCRIPTION_KEY": subscription_key,
            "SMTP_PORT": str(sink.port),
            "DECODE_WORKERS": "0",  # the decode workers hold no credentials
        }
        with services(service_settings, tmp_path, extra) as urls:
            for name, url in urls.items():
                await eventually(lambda url=url: healthy(url), timeout=90, what=name)  # type: ignore[misc]
            ledger, scheduler, notifier = urls["ledger-store"], urls["scheduler"], urls["notifier"]
            credentials = {
                "exact": {"code": await authorize(exact_url)},
                "twinfield": (
                    await client.get(f"{twinfield_url}/_sandbox/demo-credentials")
                ).json(),
                "snelstart": {"client_key": client_key},
            }
            for admin, (package, external_id) in ADMINISTRATIONS.items():
                await _ok(
                    await client.put(
                        f"{urls[f'connector-{package}']}/v1/connections/{admin}",
                        json={**credentials[package], "tenant_id": TENANT},
                        headers=OPERATOR,
                    )
                )
                await _ok(
                    await client.post(
                        f"{scheduler}/v1/administrations",
                        headers=OPERATOR,
                        json={
                            "id": admin, "tenant_id": TENANT, "package": package,
                            "connection_id": admin, "external_id": external_id,
                            "name": f"Leak test {package}",
                        },
                    )
                )  # fmt: skip
                await _ok(
                    await client.put(
                        f"{notifier}/v1/administrations/{admin}/recipients",
                        headers=OPERATOR,
                        json={
                            "tenant_id": TENANT, "administration_name": f"Leak test {package}",
                            "administrators": ["beheer@leak.example"],
                            "clients": [f"klant@{admin}.example"],
                        },
                    )
                )  # fmt: skip

            async def full_sync(admin: str) -> dict[str, Any]:
                requested = await _ok(
                    await client.post(
                        f"{scheduler}/v1/administrations/{admin}/syncs",
                        json={"mode": "full"},
                        headers=OPERATOR,
                    )
                )
                return await _sync_ended(client, ledger, str(requested["sync_id"]))

            for admin in ADMINISTRATIONS:
                assert (await full_sync(admin))["state"] == "succeeded", admin
            exact.state.tokens.revoke_all()
            twinfield.fail_next("accesstokenvalidation", 500, times=20)
            for admin in ("leak-exact", "leak-twinfield"):
                assert (await full_sync(admin))["state"] in ("failed", "needs_attention"), admin

            async def mailed() -> bool:
                return len(sink.messages) >= 2

            await eventually(mailed, timeout=60, interval=0.5, what="the failure mails")
        places = {f"log {p.name}": p.read_bytes() for p in sorted(tmp_path.glob("*.log"))}  # noqa: ASYNC240
        run = service_settings(ServiceSettings)
        places |= await topic_contents(run.kafka_bootstrap_servers, run.topic_prefix)
        places |= {f"mail {i}": m.as_bytes() for i, m in enumerate(sink.messages)}
    found_secrets = set().union(*(r.secrets for r in recorders))
    assert len(found_secrets) >= 8, "the recorders saw too few credentials to prove anything"
    assert any("HTTP Request: GET" in c.decode(errors="replace") for c in places.values())
    assert any(b"accesstokenvalidation" in c for c in places.values())
    assert leaks(found_secrets, places) == []
