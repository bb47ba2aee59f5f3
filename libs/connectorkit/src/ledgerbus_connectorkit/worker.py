"""Runs claimed jobs concurrently, up to a limit, so one slow administration stalls no other."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from ledgerbus_connectorkit.jobs import JobStore
from ledgerbus_connectorkit.runner import SyncRunner
from ledgerbus_servicekit import Clock

log = logging.getLogger(__name__)


class JobWorker:
    """Claims runnable jobs and runs each in its own task.

    ``wake()`` makes it look for work at once (a new request was queued); otherwise it
    looks every ``poll_seconds`` (paused jobs become runnable, a dead replica's lease
    expires). Each time it looks it first renews the leases of the syncs it is running,
    so a run stalled without saving (the broker is down) keeps its job, and a job it
    is running already is never started a second time beside it (issue 12: two runs of
    one sync published every page twice). Use ``await start()`` / ``await stop()``.
    """

    def __init__(
        self,
        store: JobStore,
        runner: SyncRunner,
        clock: Clock,
        *,
        concurrency: int = 4,
        poll_seconds: float = 2.0,
    ) -> None:
        self.store = store
        self.runner = runner
        self.clock = clock
        self.concurrency = concurrency
        self.poll_seconds = poll_seconds
        self._wake = asyncio.Event()
        self._running: dict[str, asyncio.Task[None]] = {}
        self._loop: asyncio.Task[None] | None = None

    def wake(self) -> None:
        """Look for work now."""
        self._wake.set()

    async def run_pending(self) -> int:
        """Claim what is runnable now, run it to its end, and return how many ran (for tests)."""
        jobs = await self.store.claim(self.clock.now(), self.concurrency)
        await asyncio.gather(*(self.runner.run(job) for job in jobs))
        return len(jobs)

    async def start(self) -> None:
        """Start looking for work in the background."""
        self._loop = asyncio.create_task(self._run(), name="connector-jobs")

    async def stop(self) -> None:
        """Stop claiming, cancel the running syncs and release their leases to resume later."""
        tasks = [t for t in (self._loop, *self._running.values()) if t is not None]
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        try:
            await self.store.release()
        except Exception:
            log.warning("could not release the job leases; they expire by themselves")

    async def _run(self) -> None:
        while True:
            now = self.clock.now()
            try:
                await self.store.renew(list(self._running), now)
            except Exception:
                log.warning("could not renew the running syncs' leases; retrying")
            free = self.concurrency - len(self._running)
            if free > 0:
                try:
                    jobs = await self.store.claim(now, free, running=list(self._running))
                except Exception:
                    log.exception("could not claim jobs; retrying")
                    jobs = []
                for job in jobs:
                    sync_id = job.request.sync_id
                    task = asyncio.create_task(self.runner.run(job), name=sync_id)
                    self._running[sync_id] = task
                    task.add_done_callback(self._finished)
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self.poll_seconds)

    def _finished(self, task: asyncio.Task[None]) -> None:
        if self._running.get(task.get_name()) is task:
            del self._running[task.get_name()]
        self._wake.set()
