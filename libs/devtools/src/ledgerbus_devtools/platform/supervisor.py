"""Starts the platform's processes, prefixes their logs, waits for health, stops them.

Foreground mode pipes every child's output into its log file and, prefixed, the lines
that matter onto the console (``console.worth_showing``); background mode writes
straight to the log files and records pids, so `make down` can stop exactly the
processes `make up` started.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import httpx

from ledgerbus_devtools.platform.console import worth_showing
from ledgerbus_devtools.platform.processes import ProcessSpec

COLOURS = [31, 32, 33, 34, 35, 36, 91, 92, 93, 94, 95, 96]


@dataclass
class Started:
    spec: ProcessSpec
    process: asyncio.subprocess.Process | None
    detached: subprocess.Popen[bytes] | None
    pid: int

    def exited(self) -> bool:
        if self.process is not None:
            return self.process.returncode is not None
        if self.detached is not None:
            return self.detached.poll() is not None
        return not _alive(self.pid)


class Supervisor:
    """Owns the child processes of one `make run` / `make up`."""

    def __init__(self, state_dir: Path, *, foreground: bool) -> None:
        self.logs = state_dir / "logs"
        self.pids = state_dir / "pids"
        self.foreground = foreground
        self.started: list[Started] = []
        self._readers: list[asyncio.Task[None]] = []
        self.logs.mkdir(parents=True, exist_ok=True)
        self.pids.mkdir(parents=True, exist_ok=True)

    async def start(self, spec: ProcessSpec, width: int) -> None:
        """Start one process unless a healthy one from an earlier run already serves it."""
        if await healthy(spec):
            print(f"{spec.name} already answers on {spec.url}; reusing it", flush=True)
            return
        env = {**os.environ, **spec.env, spec.port_variable: str(spec.port)}
        log = (self.logs / f"{spec.name}.log").open("ab")
        if self.foreground:
            process = await asyncio.create_subprocess_exec(
                *spec.command(sys.executable),
                env=env,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.STDOUT,
            )
            colour = COLOURS[len(self.started) % len(COLOURS)]
            prefix = f"\x1b[{colour}m{spec.name:<{width}}\x1b[0m | "
            self._readers.append(asyncio.create_task(_relay(process, prefix, log)))
            pid = process.pid
            detached = None
        else:
            # Popen, not asyncio: asyncio kills its children when its loop closes, and
            # these must outlive `make up`.
            detached = subprocess.Popen(  # noqa: ASYNC220, S603 (our own modules)
                spec.command(sys.executable),
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
            log.close()
            process, pid = None, detached.pid
        (self.pids / f"{spec.name}.pid").write_text(str(pid))
        self.started.append(Started(spec, process, detached, pid))

    async def wait_healthy(self, timeout: float = 90.0) -> None:
        """Wait until every started process answers; fail naming the ones that do not."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        pending = list(self.started)
        while pending and loop.time() < deadline:
            for item in list(pending):
                if item.exited():
                    raise RuntimeError(
                        f"{item.spec.name} exited; see {self.logs / (item.spec.name + '.log')}"
                    )
                if await healthy(item.spec):
                    pending.remove(item)
            await asyncio.sleep(0.25)
        if pending:
            names = ", ".join(p.spec.name for p in pending)
            raise RuntimeError(f"not healthy after {timeout:.0f}s: {names}")

    async def stop(self) -> None:
        """Stop our children in reverse start order: SIGTERM, then SIGKILL after 15 s."""
        for item in reversed(self.started):
            await terminate(item.pid, item.process)
            (self.pids / f"{item.spec.name}.pid").unlink(missing_ok=True)
        for reader in self._readers:
            reader.cancel()


async def _relay(process: asyncio.subprocess.Process, prefix: str, log: object) -> None:
    """Every line into the log file; the lines that matter (see ``console``) on the console."""
    assert process.stdout is not None
    debug = os.environ.get("LOG_LEVEL", "").lower() == "debug"
    with contextlib.closing(log):  # type: ignore[type-var]
        async for line in process.stdout:
            log.write(line)  # type: ignore[attr-defined]
            log.flush()  # type: ignore[attr-defined]
            text = line.decode(errors="replace")
            if worth_showing(text, debug):
                sys.stdout.write(prefix + text)
                sys.stdout.flush()


async def healthy(spec: ProcessSpec) -> bool:
    """True when the process answers: its health URL, or for non-HTTP ones its port."""
    if not spec.health_path:
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", spec.port)
        except OSError:
            return False
        writer.close()
        return True
    try:
        async with httpx.AsyncClient(timeout=2.0) as client:
            return (await client.get(spec.url + spec.health_path)).status_code == 200
    except httpx.HTTPError:
        return False


async def terminate(pid: int, process: asyncio.subprocess.Process | None) -> None:
    """Stop one process we started (by pid), waiting for it to exit."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    for _ in range(150):
        if process is not None and process.returncode is not None:
            return
        if process is None and not _alive(pid):
            return
        if process is not None:
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(process.wait(), 0.1)
        else:
            await asyncio.sleep(0.1)
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
