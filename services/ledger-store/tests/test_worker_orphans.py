"""A SIGKILLed ledger-store takes its decode workers with it: none is left to PID 1."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from ledgerbus_devtools.processes import environment, healthy, service_process
from ledgerbus_ledger_store.core.config import Settings
from ledgerbus_servicekit import ServiceSettings
from ledgerbus_servicekit.testing import eventually

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc"),
]
PROC = Path("/proc")
WORKERS = 3

Process = tuple[int, str]
"""A process id with its start time, so that a reused id is not taken for the same process."""


def stat_fields(pid: int) -> list[str] | None:
    """The fields of /proc/<pid>/stat after the command name (state first), or None."""
    try:
        text = (PROC / str(pid) / "stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    return text.rsplit(")", 1)[1].split()


def children(parent: int) -> list[Process]:
    """The processes whose parent is ``parent``."""
    found: list[Process] = []
    for entry in PROC.iterdir():
        fields = stat_fields(int(entry.name)) if entry.name.isdigit() else None
        if fields is not None and int(fields[1]) == parent:
            found.append((int(entry.name), fields[19]))
    return found


def command_line(pid: int) -> str:
    try:
        return (PROC / str(pid) / "cmdline").read_bytes().replace(b"\0", b" ").decode()
    except FileNotFoundError:
        return ""


def alive(process: Process) -> bool:
    """Running (a zombie has freed its memory; an id with another start time is another)."""
    pid, started = process
    fields = stat_fields(pid)
    return fields is not None and fields[0] != "Z" and fields[19] == started


def decode_workers(parent: int) -> list[Process]:
    return [p for p in children(parent) if "multiprocessing.spawn" in command_line(p[0])]


@pytest.mark.fault("SIGKILL ledger-store: its decode workers die with it")
async def test_decode_workers_die_with_a_sigkilled_ledger_store(
    service_settings: Callable[..., ServiceSettings],
) -> None:
    env = environment(service_settings(Settings), DECODE_WORKERS=str(WORKERS))
    left: list[Process] = []
    try:
        with service_process("ledgerbus_ledger_store", env, "LEDGER_STORE_PORT") as (store, url):
            await eventually(lambda: healthy(url), timeout=90, what="the ledger-store")

            async def started() -> list[Process] | None:
                workers = decode_workers(store.pid)
                return workers if len(workers) == WORKERS else None

            workers = await eventually(started, what=f"{WORKERS} decode workers")
            left = children(store.pid)
            store.send_signal(signal.SIGKILL)
            store.wait(timeout=30)

        async def all_gone() -> bool:
            return not any(alive(p) for p in left)

        await eventually(all_gone, timeout=20, what="the workers to die with the ledger-store")
        assert set(workers) <= set(left)
    finally:
        for pid, _ in [p for p in left if alive(p)]:  # only what this test started
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
