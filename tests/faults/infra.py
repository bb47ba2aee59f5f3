"""A Kafka broker and a PostgreSQL cluster of a test's own, to crash and restart.

Other tests share the broker on :9092 and the database on :5432, so a restart test
must never touch those. :func:`own_kafka` runs the broker ``deploy/local/kafka.sh``
fetched, as :class:`~ledgerbus_devtools.kafka_broker.PrivateKafka` does: one KRaft node
from the same template, on free ports with fresh storage under ``.local/faults/``.
:class:`OwnPostgres` creates a cluster with Debian's binaries as ``deploy/local/postgres.sh``
does (as the postgres user when run as root) on a free port, with the ``ledgerbus`` role and
database. Both are stopped and their data removed at the end.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from ledgerbus_devtools.kafka_broker import PrivateKafka
from ledgerbus_servicekit.testing import free_port

REPO = Path(__file__).resolve().parents[2]
STATE = Path(os.environ.get("LEDGERBUS_STATE_DIR", REPO / ".local"))


def _versions() -> dict[str, str]:
    pairs = (
        line.split("=", 1)
        for line in (REPO / "deploy" / "versions.env").read_text().splitlines()
        if "=" in line and not line.lstrip().startswith("#")
    )
    return {k.strip(): v.strip() for k, v in pairs}


def _listening(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _wait_for_port(port: int, seconds: float, what: str, log: Path) -> None:
    deadline = time.monotonic() + seconds
    while not _listening(port):
        if time.monotonic() > deadline:
            tail = log.read_text(errors="replace")[-3000:] if log.exists() else ""
            raise AssertionError(f"{what} did not open port {port} in {seconds}s:\n{tail}")
        time.sleep(0.2)


@contextmanager
def own_kafka() -> Iterator[PrivateKafka]:
    """A fresh broker of this test's own (``kill()`` and ``start()`` crash and restart it);
    stopped and removed afterwards."""
    kafka = PrivateKafka(STATE / "faults" / f"kafka-{uuid.uuid4().hex[:8]}")
    try:
        kafka.start(timeout=120)
        yield kafka
    finally:
        kafka.stop()
        shutil.rmtree(kafka.data_dir, ignore_errors=True)


def _pg_bin() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: p.parts[-3])
    if not found:
        pytest.skip("no PostgreSQL server binaries; run `make infra-up`")
    return found[-1].parent


class OwnPostgres:
    """A PostgreSQL cluster on a free port; ``crash()`` and ``start()`` restart it."""

    def __init__(self) -> None:
        self.bin = _pg_bin()
        self.port = free_port()
        self.as_root = os.geteuid() == 0
        base = Path("/var/lib/ledgerbus") if self.as_root else STATE
        self.home = base / "postgres-faults" / f"{self.port}-{uuid.uuid4().hex[:6]}"
        self.data, self.socket = self.home / "data", self.home / "run"
        self.log = self.home / "postgres.log"

    @property
    def url(self) -> str:
        """The ``ledgerbus`` database's URL."""
        return f"postgresql://ledgerbus:ledgerbus@127.0.0.1:{self.port}/ledgerbus"

    def _run(self, *args: str, timeout: float = 120) -> None:
        command = ["runuser", "-u", "postgres", "--", *args] if self.as_root else list(args)
        subprocess.run(command, check=True, timeout=timeout, capture_output=True)  # noqa: S603

    def create(self) -> None:
        """initdb, as the postgres user when run as root."""
        self.socket.mkdir(parents=True, exist_ok=True)
        self.log.touch()
        if self.as_root:
            shutil.chown(self.home.parent, "postgres", "postgres")
            for path in (self.home, self.socket, self.log):
                shutil.chown(path, "postgres", "postgres")
        self._run(
            str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres",
            "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8",
        )  # fmt: skip

    def start(self) -> None:
        """Start the cluster (again) and wait until it accepts connections."""
        options = (
            f"-p {self.port} -k {self.socket} -c listen_addresses=127.0.0.1 -c max_connections=100"
            " -c fsync=off -c shared_buffers=32MB"
        )
        self._run(
            str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60",
            "start", "-o", options,
        )  # fmt: skip

    def ensure_database(self) -> None:
        """The ``ledgerbus`` role (password ``ledgerbus``) and its database."""
        psql = [str(self.bin / "psql"), "-h", str(self.socket), "-p", str(self.port)]
        psql += ["-U", "postgres", "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-qAt", "-c"]
        self._run(*psql, "CREATE ROLE ledgerbus LOGIN PASSWORD 'ledgerbus'")
        self._run(*psql, "CREATE DATABASE ledgerbus OWNER ledgerbus")

    def crash(self) -> None:
        """Stop at once, as a crash does (``-m immediate``: recovery at the next start)."""
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")

    def stop(self) -> None:
        """Stop the cluster if it runs."""
        if (self.data / "postmaster.pid").exists():
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")


@contextmanager
def own_postgres() -> Iterator[OwnPostgres]:
    """A fresh cluster of this test's own; stopped and removed afterwards."""
    postgres = OwnPostgres()
    try:
        postgres.create()
        postgres.start()
        postgres.ensure_database()
        yield postgres
    finally:
        try:
            postgres.stop()
        finally:
            shutil.rmtree(postgres.home, ignore_errors=True)
