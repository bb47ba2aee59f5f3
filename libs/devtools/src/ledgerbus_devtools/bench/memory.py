"""Peak resident memory of a process and its children, read from ``/proc``."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from pathlib import Path


def peak_memory_mb(pid: int) -> float:
    """The process's peak resident set (``VmHWM``) in MB; 0 once it is gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def children(pid: int) -> list[int]:
    """The direct children of a process (every thread's list)."""
    found: list[int] = []
    with contextlib.suppress(OSError):
        for task in Path(f"/proc/{pid}/task").iterdir():
            with contextlib.suppress(OSError):
                found.extend(int(c) for c in (task / "children").read_text().split())
    return found


class PeakMemory:
    """The highest ``VmHWM`` seen of one process and of any of its children, sampled."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.main = 0.0
        self.child = 0.0

    def sample(self) -> None:
        """Read the figures now (children's peaks are lost once they exit)."""
        self.main = max(self.main, peak_memory_mb(self.pid))
        for child in children(self.pid):
            self.child = max(self.child, peak_memory_mb(child))

    def describe(self) -> str:
        """``main MB`` or ``main MB (largest child MB)``."""
        if self.child:
            return f"{self.main:.0f} MB (largest worker {self.child:.0f} MB)"
        return f"{self.main:.0f} MB"


@contextlib.asynccontextmanager
async def sampling(meters: list[PeakMemory], interval: float = 0.2) -> AsyncIterator[None]:
    """Sample every meter until the block ends, and once more at its end."""

    async def loop() -> None:
        while True:
            for meter in meters:
                meter.sample()
            await asyncio.sleep(interval)

    task = asyncio.create_task(loop())
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        for meter in meters:
            meter.sample()
