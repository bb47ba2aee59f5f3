"""Decoding ``ledger.changes`` in worker processes.

Validating a page of records against the contract and encoding its rows for ``COPY``
is most of the ledger-store's CPU. A :class:`PageDecoder` does it in worker
processes, so the service's own process only fetches, streams rows to PostgreSQL and
merges, and a batch is decoded while the previous one is applied. A page arrives at
the handler as a delivery whose message keeps every field but its records, with the
encoded rows in ``prepared``. Invalid messages give their reason, as in-process.
Workers die with the service (:mod:`.parent_death`).
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import multiprocessing
import os
from collections.abc import Awaitable, Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from aiokafka import ConsumerRecord

from ledgerbus_contracts import EntitiesUpserted
from ledgerbus_ledger_store.adapters.fast_pages import FastPageValidator
from ledgerbus_ledger_store.adapters.staging import stage_page
from ledgerbus_ledger_store.entrypoints.parent_death import die_with_parent
from ledgerbus_servicekit.gc_tuning import tune_garbage_collector
from ledgerbus_servicekit.kafka.consumer import Delivery, decode_record

log = logging.getLogger(__name__)

UPSERTED_TYPE = EntitiesUpserted.event_type.encode()


def decode_page(record: ConsumerRecord) -> Delivery | str:
    """A record decoded, with a page of upserts staged (runs in a worker process).

    Pages are staged straight from their JSON where the fast structs accept them
    (:mod:`..adapters.fast_pages`), else validated by the contract's models and staged
    from those. Never raises: a page that cannot be staged gives the reason, as an
    invalid one does.
    """
    fast = FastPageValidator()
    outcome = decode_record(record, fast)
    if isinstance(outcome, str) or not isinstance(outcome.message, EntitiesUpserted):
        return outcome
    if fast.staged is not None:
        return dataclasses.replace(outcome, prepared=fast.staged)
    page = outcome.message
    try:
        staged = stage_page(
            page.sync_id, page.administration_id, page.entity_type, page.page_seq, page.records
        )
    except Exception as exc:
        log.exception("staging %s[%s]@%s failed", record.topic, record.partition, record.offset)
        return f"page cannot be staged: {type(exc).__name__}: {exc}"
    envelope = dataclasses.replace(outcome.envelope, data=page.model_copy(update={"records": []}))
    return dataclasses.replace(outcome, envelope=envelope, prepared=staged)


def _start_worker(parent_pid: int, gc_young_threshold: int) -> None:
    """Runs first in each worker process: it dies with the service, and collects less."""
    die_with_parent(parent_pid)
    tune_garbage_collector(gc_young_threshold)


def _is_page(record: ConsumerRecord) -> bool:
    return any(k == "ce_type" and v == UPSERTED_TYPE for k, v in record.headers or ())


DecodeOne = Callable[[ConsumerRecord], "Delivery | str"]
"""Decodes one record in a worker (a module-level function, so that it pickles)."""


class PageDecoder:
    """Decodes batches, pages of upserts in ``workers`` processes (0: in this process).

    Use ``start()``/``stop()`` or ``async with``. A worker that dies is replaced and its
    batch decoded again, up to ``attempts`` times; then each record is decoded alone, and
    one that kills its worker ``attempts`` times gives that as its reason (it goes to the
    dead-letter topic instead of stopping the consumer). A worker whose service dies
    (even by SIGKILL) dies with it.
    """

    def __init__(
        self,
        workers: int,
        gc_young_threshold: int = 0,
        *,
        attempts: int = 3,
        decode: DecodeOne = decode_page,
    ) -> None:
        self.workers = workers
        self.gc_young_threshold = gc_young_threshold
        self.attempts = attempts
        self._decode_one = decode
        self._pool: ProcessPoolExecutor | None = None

    async def start(self) -> None:
        """Start the workers and wait until they can decode."""
        if self.workers > 0:
            self._pool = ProcessPoolExecutor(
                self.workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_start_worker,
                initargs=(os.getpid(), self.gc_young_threshold),
            )
            loop = asyncio.get_running_loop()
            await asyncio.gather(
                *(loop.run_in_executor(self._pool, os.getpid) for _ in range(self.workers))
            )

    async def stop(self) -> None:
        """Stop the workers."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def worker_pids(self) -> list[int]:
        """The process ids of the running workers."""
        processes = getattr(self._pool, "_processes", None) or {}
        return sorted(processes)

    async def __aenter__(self) -> PageDecoder:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    async def __call__(self, records: list[ConsumerRecord]) -> list[Delivery | str]:
        """Each record as a delivery, or the reason it is not a valid contract message."""
        for _ in range(self.attempts):
            try:
                return list(await asyncio.gather(*(self._decode(r) for r in records)))
            except BrokenProcessPool:
                log.error("a decoding worker died; starting new workers and decoding again")
                await self._restart()
        # The batch broke the workers every time: alone, the record that does it shows itself.
        return [await self._decode_alone(record) for record in records]

    async def _decode_alone(self, record: ConsumerRecord) -> Delivery | str:
        for _ in range(self.attempts):
            try:
                return await self._decode(record)
            except BrokenProcessPool:
                await self._restart()
        log.error(
            "%s[%s]@%s kills its decoding worker", record.topic, record.partition, record.offset
        )
        return f"decoding this record killed its worker process (attempts: {self.attempts})"

    async def _restart(self) -> None:
        await self.stop()
        await self.start()

    def _decode(self, record: ConsumerRecord) -> Awaitable[Delivery | str]:
        if self._pool is not None and _is_page(record):
            return asyncio.get_running_loop().run_in_executor(self._pool, self._decode_one, record)
        future: asyncio.Future[Delivery | str] = asyncio.get_running_loop().create_future()
        future.set_result(decode_page(record))
        return future
