"""Run a service as a real process (to SIGKILL or measure it), configured like an in-process one."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from ledgerbus_servicekit import ServiceSettings
from ledgerbus_servicekit.testing import free_port


def environment(settings: ServiceSettings, **extra: str) -> dict[str, str]:
    """The environment that makes a service process use these settings."""
    return {
        **os.environ,
        "LEDGERBUS_ENV": "local",
        "KAFKA_BOOTSTRAP_SERVERS": settings.kafka_bootstrap_servers,
        "TOPIC_PREFIX": settings.topic_prefix,
        "TOPIC_PARTITIONS": str(settings.topic_partitions),
        "DATABASE_URL": settings.database_url,
        "DATABASE_SCHEMA": settings.database_schema,
        **extra,
    }


@contextmanager
def service_process(
    module: str,
    env: dict[str, str],
    port_variable: str,
    log: Path | None = None,
    port: int | None = None,
) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """Start ``python -m module`` on a (free) port; kill it (if still alive) at the end."""
    port = port or free_port()
    output = log.open("ab") if log else subprocess.DEVNULL
    process = subprocess.Popen(  # noqa: S603 - our own module
        [sys.executable, "-m", module],
        env={**env, port_variable: str(port)},
        stdout=output,
        stderr=subprocess.STDOUT,
    )
    try:
        yield process, f"http://127.0.0.1:{port}"
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)


async def healthy(url: str, path: str = "/readyz") -> bool:
    """Whether the process answers 200 on ``path``."""
    try:
        async with httpx.AsyncClient(timeout=2) as client:
            return (await client.get(url + path)).status_code == 200
    except httpx.HTTPError:
        return False
