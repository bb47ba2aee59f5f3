"""The image builds with podman (on a debootstrap base) and runs a service as its non-root user.

The container joins the host's network, so the service reaches the test's Kafka and PostgreSQL
on loopback; it runs with a read-only root filesystem, as the chart runs it.
"""

from __future__ import annotations

import subprocess
import uuid
from collections.abc import Callable, Iterator

import httpx
import pytest

from ledgerbus_servicekit.testing import eventually, free_port
from tests.deploy.chart import ROOT

BUILD = ROOT / "deploy" / "image" / "build.sh"
pytestmark = [pytest.mark.slow, pytest.mark.integration]


def podman(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own script
        [str(BUILD), "podman", *args], capture_output=True, text=True, timeout=timeout
    )


@pytest.fixture(scope="module")
def image() -> str:
    done = subprocess.run(  # noqa: S603 - our own script
        [str(BUILD)], capture_output=True, text=True, timeout=1800
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout.strip().splitlines()[-1]


@pytest.fixture
def scheduler_container(
    image: str,
    kafka_bootstrap: str,
    database_url: str,
    topic_prefix: str,
    db_schema: Callable[[str], str],
) -> Iterator[str]:
    port, name = free_port(), f"ledgerbus-test-{uuid.uuid4().hex[:8]}"
    schema = db_schema("image")
    env = {
        "LEDGERBUS_HOST": "127.0.0.1",
        "SCHEDULER_PORT": str(port),
        "KAFKA_BOOTSTRAP_SERVERS": kafka_bootstrap,
        "DATABASE_URL": database_url,
        "DATABASE_SCHEMA": schema,
        "TOPIC_PREFIX": topic_prefix,
    }
    flags = ["--network", "host", "--read-only", "--tmpfs", "/tmp", "--cap-drop", "ALL"]
    flags += ["--security-opt", "no-new-privileges"]
    flags += [arg for name, value in env.items() for arg in ("-e", f"{name}={value}")]
    started = podman("run", "-d", "--name", name, *flags, image, "ledgerbus_scheduler")
    assert started.returncode == 0, started.stderr
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        podman("rm", "-f", name)


async def test_the_scheduler_runs_from_the_image_as_a_non_root_user(
    scheduler_container: str, image: str
) -> None:
    async def ready() -> dict[str, object] | None:
        try:
            async with httpx.AsyncClient(timeout=5) as client:
                response = await client.get(f"{scheduler_container}/readyz")
        except httpx.HTTPError:
            return None
        return response.json() if response.status_code == 200 else None

    checks = await eventually(ready, timeout=120, what="the scheduler in its container")
    assert checks["status"] == "ready"
    user = podman("run", "--rm", "--entrypoint", "id", image, "-u")
    assert user.stdout.strip() == "10001", user.stderr
