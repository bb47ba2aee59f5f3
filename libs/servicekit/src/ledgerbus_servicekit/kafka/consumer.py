"""A consumer loop: batches, retries, a dead-letter topic, offsets committed after the work.

The handler gets the decoded deliveries of a batch. Messages that are not valid
contract events go straight to the dead-letter topic with the reason in headers.
When the handler fails, infrastructure failures are retried for as long as it
takes; any other failure is retried a few times, then the batch is split to find the
poison message, which goes to the dead-letter topic while the rest is applied.
Offsets are committed only after the handler returned, so nothing is lost.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import Self

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord, TopicPartition
from aiokafka.errors import CommitFailedError
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception_type, wait_exponential

from ledgerbus_contracts import Envelope, InvalidMessage, Message, from_kafka
from ledgerbus_servicekit.kafka.retry import RetryableError, is_infrastructure_failure

log = logging.getLogger(__name__)

__all__ = [
    "Decoder",
    "Delivery",
    "EventConsumer",
    "Handler",
    "RetryableError",
    "decode",
    "decode_record",
]


@dataclass(frozen=True)
class Delivery:
    """One decoded message and where it came from.

    ``prepared`` is whatever a service's own decoder made of the message beside
    decoding it (the ledger-store's encoded rows), or None.
    """

    envelope: Envelope[Message]
    topic: str
    partition: int
    offset: int
    prepared: object | None = None

    @property
    def message(self) -> Message:
        """The command or event."""
        return self.envelope.data


Handler = Callable[[Sequence[Delivery]], Awaitable[None]]
Decoder = Callable[[list[ConsumerRecord]], Awaitable[list["Delivery | str"]]]
"""Decodes a partition's records: each a delivery, or the reason it is not a valid message."""
Sleep = Callable[[float], Awaitable[None]]


class EventConsumer:
    """Consumes topics as one consumer group and hands batches to a handler.

    Reads only committed messages (``read_committed``). Use ``await start()`` /
    ``await stop()`` or ``async with``; the loop runs as a background task.
    """

    def __init__(
        self,
        *,
        bootstrap_servers: str,
        topics: Sequence[str],
        group_id: str,
        dead_letter_topic: str,
        handler: Handler,
        max_retries: int = 3,
        batch_size: int = 500,
        sleep: Sleep = asyncio.sleep,
        max_backoff_seconds: float = 30.0,
        decoder: Decoder | None = None,
    ) -> None:
        self.group_id = group_id
        self.dead_letter_topic = dead_letter_topic
        self._handler = handler
        self._decoder = decoder or _decode_here
        self._max_retries = max_retries
        self._batch_size = batch_size
        self._sleep = sleep
        self._max_backoff = max_backoff_seconds
        self._consumer = AIOKafkaConsumer(
            *topics,
            bootstrap_servers=bootstrap_servers,
            group_id=group_id,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            isolation_level="read_committed",
            max_poll_interval_ms=600_000,
            fetch_max_bytes=64 * 1024 * 1024,
            max_partition_fetch_bytes=16 * 1024 * 1024,
        )
        self._dlq = AIOKafkaProducer(
            bootstrap_servers=bootstrap_servers,
            enable_idempotence=True,
            acks="all",
            max_request_size=16 * 1024 * 1024,
        )
        self._task: asyncio.Task[None] | None = None
        self.failure: BaseException | None = None

    @property
    def running(self) -> bool:
        """Whether the loop is alive."""
        return self._task is not None and not self._task.done()

    async def start(self) -> None:
        """Join the group and start the loop."""
        await self._dlq.start()
        await self._consumer.start()
        self._task = asyncio.create_task(self._run(), name=f"consumer:{self.group_id}")

    async def stop(self) -> None:
        """Stop the loop after the batch in hand, then leave the group."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        await self._consumer.stop()
        await self._dlq.stop()

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    async def _run(self) -> None:
        # Decoding batch N+1 (here, or awaited from worker processes) overlaps the handler of
        # batch N (in its task); batches are still handled and committed in order.
        in_flight: asyncio.Task[None] | None = None
        try:
            while True:
                batch = await self._consumer.getmany(timeout_ms=500, max_records=self._batch_size)
                decoded = [(tp, rs, await self._decoder(rs)) for tp, rs in batch.items()]
                if in_flight is not None:
                    await in_flight
                    in_flight = None
                if decoded:
                    in_flight = asyncio.create_task(self._process_all(decoded))
        except asyncio.CancelledError:
            if in_flight is not None:
                in_flight.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await in_flight
            raise
        except BaseException as exc:
            self.failure = exc
            log.exception("consumer %s stopped", self.group_id)
            raise

    async def _process_all(
        self, decoded: list[tuple[TopicPartition, list[ConsumerRecord], list[Delivery | str]]]
    ) -> None:
        for tp, records, outcomes in decoded:
            await self._process(tp, records, outcomes)

    async def _process(
        self, tp: TopicPartition, records: list[ConsumerRecord], outcomes: list[Delivery | str]
    ) -> None:
        deliveries: list[Delivery] = []
        for record, outcome in zip(records, outcomes, strict=True):
            if isinstance(outcome, str):
                await self._dead_letter(record, outcome)
            else:
                deliveries.append(outcome)
        if deliveries:
            await self._handle(deliveries, records)
        try:
            await self._consumer.commit({tp: records[-1].offset + 1})
        except CommitFailedError:
            log.warning("commit failed for %s after a rebalance; it will be redelivered", tp)

    async def _handle(self, deliveries: list[Delivery], records: list[ConsumerRecord]) -> None:
        try:
            await self._retrying(lambda: self._handler(deliveries))
        except Exception as exc:
            if len(deliveries) > 1:
                for delivery in deliveries:
                    await self._handle([delivery], records)
                return
            reason = f"{type(exc).__name__}: {exc}"[:1000]
            by_offset = {r.offset: r for r in records}
            await self._dead_letter(by_offset[deliveries[0].offset], reason)

    async def _retrying(self, call: Callable[[], Awaitable[None]]) -> None:
        def give_up(state: RetryCallState) -> bool:
            failure = state.outcome.exception() if state.outcome else None
            return not is_infrastructure_failure(failure) and (
                state.attempt_number > self._max_retries
            )

        def log_retry(state: RetryCallState) -> None:
            failure = state.outcome.exception() if state.outcome else None
            log.warning("consumer %s retrying after %r", self.group_id, failure)

        async for attempt in AsyncRetrying(
            retry=retry_if_exception_type(Exception),
            stop=give_up,
            wait=wait_exponential(multiplier=0.1, max=self._max_backoff),
            sleep=self._sleep,
            before_sleep=log_retry,
            reraise=True,
        ):
            with attempt:
                await call()

    async def _dead_letter(self, record: ConsumerRecord, reason: str) -> None:
        log.error(
            "dead-lettering %s[%s]@%s: %s", record.topic, record.partition, record.offset, reason
        )
        headers = [
            *list(record.headers or ()),
            ("dlq_reason", reason.encode()),
            ("dlq_original_topic", record.topic.encode()),
            ("dlq_original_partition", str(record.partition).encode()),
            ("dlq_original_offset", str(record.offset).encode()),
            ("dlq_consumer_group", self.group_id.encode()),
            ("dlq_failed_at", dt.datetime.now(dt.UTC).isoformat().encode()),
        ]
        await self._dlq.send_and_wait(
            self.dead_letter_topic, value=record.value, key=record.key, headers=headers
        )


async def _decode_here(records: list[ConsumerRecord]) -> list[Delivery | str]:
    return decode(records)


def decode(records: list[ConsumerRecord]) -> list[Delivery | str]:
    """Each record as a delivery, or the reason it is not a valid contract message."""
    return [decode_record(record) for record in records]


def decode_record(record: ConsumerRecord) -> Delivery | str:
    """The record as a delivery, or the reason it is not a valid contract message."""
    try:
        envelope = from_kafka(record.value, record.headers or (), record.key)
    except InvalidMessage as exc:
        return exc.reason
    return Delivery(envelope, record.topic, record.partition, record.offset)
