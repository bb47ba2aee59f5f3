"""Background work that runs now and then: outbox relays, schedulers, pollers."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

log = logging.getLogger(__name__)


class Periodic:
    """Runs ``work`` every ``interval`` seconds, or at once after ``wake()``.

    A failing run is logged and retried at the next interval; the loop never dies of
    it. Use ``await start()`` / ``await stop()``.
    """

    def __init__(self, name: str, work: Callable[[], Awaitable[object]], interval: float) -> None:
        self.name, self.work, self.interval = name, work, interval
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def wake(self) -> None:
        """Run again now rather than at the next interval."""
        self._wake.set()

    async def start(self) -> None:
        """Start the loop in the background."""
        self._task = asyncio.create_task(self._loop(), name=self.name)

    async def stop(self) -> None:
        """Cancel the loop and wait for it."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _loop(self) -> None:
        while True:
            try:
                await self.work()
            except Exception:
                log.exception("%s failed; it runs again in %.1fs", self.name, self.interval)
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self.interval)
