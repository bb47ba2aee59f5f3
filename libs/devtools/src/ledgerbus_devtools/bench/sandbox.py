"""The Exact sandbox the throughput benches read: its own process, without rate limits."""

from __future__ import annotations

import os
import subprocess
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from ledgerbus_devtools.processes import healthy, service_process
from ledgerbus_servicekit.testing import eventually

UNLIMITED = "100000000"


@asynccontextmanager
async def unlimited_exact_sandbox(
    lines: int, *, divisions: int | None = None, log: Path | None = None, timeout: float = 900
) -> AsyncIterator[tuple[subprocess.Popen[bytes], str]]:
    """An Exact sandbox serving ``lines`` transaction lines in each division (two, or
    ``divisions``) with its minute and day limits lifted, once it answers: (process, URL)."""
    env = {
        **os.environ,
        "EXACT_SANDBOX_TRANSACTION_LINES": str(lines),
        "EXACT_SANDBOX_MINUTELY_LIMIT": UNLIMITED,
        "EXACT_SANDBOX_DAILY_LIMIT": UNLIMITED,
    }
    if divisions is not None:
        env["EXACT_SANDBOX_DIVISIONS"] = str(divisions)
    with service_process("ledgerbus_sandboxes.exact", env, "EXACT_SANDBOX_PORT", log) as (
        process,
        url,
    ):
        await eventually(
            lambda: healthy(url, "/_sandbox/stats"), timeout=timeout, what="the sandbox"
        )
        yield process, url
