"""A consumer loop: batches, retries, a dead-letter topic, offsets committed after the work.

The handler gets the decoded deliveries of a batch. Records that are not valid
contract events (whatever is wrong with them: headers, key, value, a type that does
not travel on the topic) go straight to the dead-letter topic with the reason in
headers. When the handler fails, infrastructure failures are retried for as long as
it takes; any other failure is retried a few times, then the batch is split to find
the poison message, which goes to the dead-letter topic while the rest is applied.
Offsets are committed only after the handler returned, so nothing is lost. A loop
that dies anyway is restarted with fresh clients from the committed offsets, and is
not ``running`` (so not ready) until it is back.

The lag gauge (``ledgerbus_consumer_lag``) is refreshed on a timer from the broker,
each assigned partition's end offset minus the group's committed offset, so it rises
while the loop is stuck in a handler or idle with nothing fetched, not only when a
batch is committed.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import datetime as dt
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import Self

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord, TopicPartition
from aiokafka.errors import CommitFailedError, IllegalStateError, MessageSizeTooLargeError
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception_type, wait_exponential

from ledgerbus_contracts import Envelope, InvalidMessage, Message, from_kafka
from ledgerbus_contracts.kafka import PayloadValidator, validate_payload
from ledgerbus_servicekit.kafka.retry import RetryableError, is_infrastructure_failure
from ledgerbus_servicekit.kafka.security import PLAINTEXT, KafkaSecurity
from ledgerbus_servicekit.metrics import CONSUMER_LAG, DEAD_LETTERS
from ledgerbus_servicekit.periodic import Periodic

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
    decoding it (the ledger-store's encoded rows), or None; ``consumer_group`` the
    group that read it (set by :class:`EventConsumer`), for the messaging spans.
    """

    envelope: Envelope[Message]
    topic: str
    partition: int
    offset: int
    prepared: object | None = None
    consumer_group: str | None = None

    @property
    def message(self) -> Message:
        """The command or event."""
        return self.envelope.data

    @property
    def key(self) -> str:
        """The Kafka key (the message's administration id)."""
        return self.envelope.data.key


Handler = Callable[[Sequence[Delivery]], Awaitable[None]]
Decoder = Callable[[list[ConsumerRecord]], Awaitable[list["Delivery | str"]]]
"""Decodes a partition's records: each a delivery, or the reason it is not a valid message."""
Sleep = Callable[[float], Awaitable[None]]

MAX_REASON = 1000
"""Reasons in the ``dlq_reason`` header are cut to this many characters."""


class EventConsumer:
    """Consumes topics as one consumer group and hands batches to a handler.

    Reads only committed messages (``read_committed``). Use ``await start()`` /
    ``await stop()`` or ``async with``; the loop runs as a background task, restarted
    (after a backoff through ``sleep``) whenever it dies. ``topic_prefix``, when given,
    is the environment's prefix of ``topics``: a message whose type travels on another
    logical topic is then dead-lettered. Every ``lag_interval`` seconds (None: never,
    only by :meth:`refresh_lag`) the lag gauge is read afresh from the broker.
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
        topic_prefix: str | None = None,
        security: KafkaSecurity = PLAINTEXT,
        lag_interval: float | None = 30.0,
    ) -> None:
        self.group_id = group_id
        self._security = security
        self.dead_letter_topic = dead_letter_topic
        self._bootstrap_servers = bootstrap_servers
        self._topics = list(topics)
        self._handler = handler
        self._decoder = decoder or _decode_here
        self._topic_prefix = topic_prefix
        self._max_retries = max_retries
        self._batch_size = batch_size
        self._sleep = sleep
        self._max_backoff = max_backoff_seconds
        self._consumer, self._dlq = self._clients()
        self._task: asyncio.Task[None] | None = None
        self._connected = False
        self._committed_since_restart = False
        self.failure: BaseException | None = None
        """What stopped the loop last (it was restarted since, unless ``running`` is False)."""
        self.restarts = 0
        """How often the loop died and was restarted."""
        self._lag_labels: set[TopicPartition] = set()
        self._lag_timer = (
            Periodic(f"lag:{group_id}", self.refresh_lag, lag_interval)
            if lag_interval is not None
            else None
        )

    def _clients(self) -> tuple[AIOKafkaConsumer, AIOKafkaProducer]:
        consumer = AIOKafkaConsumer(
            *self._topics,
            bootstrap_servers=self._bootstrap_servers,
            group_id=self.group_id,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            isolation_level="read_committed",
            max_poll_interval_ms=600_000,
            fetch_max_bytes=64 * 1024 * 1024,
            max_partition_fetch_bytes=16 * 1024 * 1024,
            **self._security.client_options(),
        )
        dlq = AIOKafkaProducer(
            bootstrap_servers=self._bootstrap_servers,
            enable_idempotence=True,
            acks="all",
            max_request_size=16 * 1024 * 1024,
            **self._security.client_options(),
        )
        return consumer, dlq

    @property
    def running(self) -> bool:
        """Whether the loop is alive and connected (not dead, not waiting to restart)."""
        return self._task is not None and not self._task.done() and self._connected

    async def start(self) -> None:
        """Join the group and start the loop (restarted whenever it dies)."""
        await self._connect()
        self._task = asyncio.create_task(self._supervise(), name=f"consumer:{self.group_id}")
        if self._lag_timer is not None:
            await self._lag_timer.start()

    async def stop(self) -> None:
        """Stop the loop after the batch in hand, then leave the group."""
        if self._lag_timer is not None:
            await self._lag_timer.stop()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        await self._disconnect()

    async def _connect(self) -> None:
        await self._dlq.start()
        try:
            await self._consumer.start()
        except BaseException:
            await self._dlq.stop()
            raise
        self._connected = True

    async def _disconnect(self) -> None:
        self._connected = False
        for client in (self._consumer, self._dlq):
            try:
                await client.stop()
            except Exception:
                log.exception("consumer %s: stopping %r failed", self.group_id, client)

    async def _supervise(self) -> None:
        failures = 0
        while True:
            try:
                await self._run()
            except Exception as exc:
                self.failure = exc
                self.restarts += 1
                log.exception("consumer %s died; restarting it", self.group_id)
            await self._disconnect()
            failures = 1 if self._committed_since_restart else failures + 1
            while True:
                await self._sleep(min(self._max_backoff, 0.5 * 2 ** (failures - 1)))
                self._consumer, self._dlq = self._clients()
                self._committed_since_restart = False
                try:
                    await self._connect()
                    break
                except Exception:
                    log.exception("consumer %s could not reconnect", self.group_id)
                    await self._disconnect()
                    failures += 1

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
        finally:
            # Whatever stops the loop stops the batch in hand: it must not commit beside a
            # restarted loop that reads the same records again.
            if in_flight is not None and not in_flight.done():
                in_flight.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await in_flight

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
            reason = outcome if isinstance(outcome, str) else self._misplaced(outcome)
            if reason is not None:
                await self._dead_letter(record, reason)
            elif isinstance(outcome, Delivery):
                deliveries.append(dataclasses.replace(outcome, consumer_group=self.group_id))
        if deliveries:
            await self._handle(deliveries, records)
        try:
            await self._consumer.commit({tp: records[-1].offset + 1})
            self._committed_since_restart = True
            self._observe_lag(tp, records[-1].offset + 1)
        except (CommitFailedError, IllegalStateError):
            # A rebalance took the partition while its batch was applied: its next holder
            # gets the batch again, which changes nothing the second time.
            log.warning("commit failed for %s after a rebalance; it will be redelivered", tp)

    async def refresh_lag(self) -> dict[TopicPartition, int]:
        """Set the lag of every partition assigned to this member from the broker.

        The lag is the partition's end offset (the last stable one, as this consumer
        reads committed messages only) minus the group's committed offset (the start of
        the partition when the group never committed). Partitions no longer assigned
        here drop out of the gauge. Returns the lags it set.
        """
        if not self._connected:
            return {}
        consumer = self._consumer
        partitions = sorted(consumer.assignment(), key=lambda tp: (tp.topic, tp.partition))
        lags: dict[TopicPartition, int] = {}
        if partitions:
            ends = await consumer.end_offsets(partitions)
            starts = await consumer.beginning_offsets(partitions)
            for tp in partitions:
                committed = await consumer.committed(tp)
                start = committed if committed is not None else starts[tp]
                lags[tp] = max(ends[tp] - start, 0)
        for tp in self._lag_labels - set(lags):
            with contextlib.suppress(KeyError):
                CONSUMER_LAG.remove(self.group_id, tp.topic, str(tp.partition))
        for tp, lag in lags.items():
            CONSUMER_LAG.labels(self.group_id, tp.topic, str(tp.partition)).set(lag)
        self._lag_labels = set(lags)
        return lags

    def _observe_lag(self, tp: TopicPartition, committed: int) -> None:
        """The partition's end (as the last fetch saw it) minus what was just committed."""
        end = self._consumer.highwater(tp)
        if end is not None:
            self._lag_labels.add(tp)
            CONSUMER_LAG.labels(self.group_id, tp.topic, str(tp.partition)).set(
                max(end - committed, 0)
            )

    def _misplaced(self, delivery: Delivery) -> str | None:
        """Why a valid message does not belong on the topic it came from, if it does not."""
        if self._topic_prefix is None:
            return None
        logical = delivery.topic.removeprefix(self._topic_prefix)
        if delivery.message.topic == logical:
            return None
        return f"{delivery.envelope.type} does not travel on {logical!r}"

    async def _handle(self, deliveries: list[Delivery], records: list[ConsumerRecord]) -> None:
        try:
            await self._retrying(lambda: self._handler(deliveries))
        except Exception as exc:
            if len(deliveries) > 1:
                for delivery in deliveries:
                    await self._handle([delivery], records)
                return
            reason = f"{type(exc).__name__}: {exc}"
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
        reason = reason[:MAX_REASON]
        DEAD_LETTERS.labels(self.group_id, record.topic).inc()
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
        try:
            await self._dlq.send_and_wait(
                self.dead_letter_topic, value=record.value, key=record.key, headers=headers
            )
        except MessageSizeTooLargeError:
            omitted = [*headers[-6:], ("dlq_value_omitted", b"too large with the headers")]
            await self._dlq.send_and_wait(
                self.dead_letter_topic, value=None, key=record.key, headers=omitted
            )


async def _decode_here(records: list[ConsumerRecord]) -> list[Delivery | str]:
    return decode(records)


def decode(records: list[ConsumerRecord]) -> list[Delivery | str]:
    """Each record as a delivery, or the reason it is not a valid contract message."""
    return [decode_record(record) for record in records]


def decode_record(
    record: ConsumerRecord, validate: PayloadValidator = validate_payload
) -> Delivery | str:
    """The record as a delivery, or the reason it is not a valid contract message
    (``validate`` as in :func:`~ledgerbus_contracts.from_kafka`).

    Never raises: whatever a record holds, the answer is a delivery or a reason.
    """
    if record.key is None:
        return "null key (every message is keyed by its administration id)"
    try:
        envelope = from_kafka(record.value, record.headers or (), record.key, validate=validate)
    except InvalidMessage as exc:
        return exc.reason
    except Exception as exc:
        log.exception("decoding %s[%s]@%s failed", record.topic, record.partition, record.offset)
        return f"cannot be decoded: {type(exc).__name__}: {exc}"
    return Delivery(envelope, record.topic, record.partition, record.offset)
