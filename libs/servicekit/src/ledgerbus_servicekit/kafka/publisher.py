"""Publishing contract messages to Kafka: idempotent, acknowledged by all replicas."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from types import TracebackType
from typing import Self

from aiokafka import AIOKafkaProducer
from aiokafka.structs import RecordMetadata
from opentelemetry import trace
from opentelemetry.semconv._incubating.attributes import messaging_attributes as msg
from opentelemetry.trace import Span, SpanKind, Status, StatusCode

from ledgerbus_contracts import Envelope, Message, Topics, to_kafka
from ledgerbus_servicekit.kafka.security import (
    PLAINTEXT,
    KafkaSecurity,
    KafkaUnreachable,
    connect_or_explain,
)
from ledgerbus_servicekit.telemetry import current_traceparent, send_attributes

MAX_REQUEST_SIZE = 8 * 1024 * 1024
_tracer = trace.get_tracer("ledgerbus.kafka")


class EventPublisher:
    """Publishes messages as CloudEvents, carrying the current trace context.

    Use ``await start()`` / ``await stop()`` or ``async with``. ``publish`` returns only
    when the broker has acknowledged the message.
    """

    def __init__(
        self,
        bootstrap_servers: str,
        topics: Topics,
        source: str,
        *,
        transactional_id: str | None = None,
        security: KafkaSecurity = PLAINTEXT,
    ) -> None:
        self.topics = topics
        self.source = source
        self._bootstrap_servers, self._security = bootstrap_servers, security
        self._producer = AIOKafkaProducer(
            bootstrap_servers=bootstrap_servers,
            enable_idempotence=True,
            acks="all",
            linger_ms=5,
            max_request_size=MAX_REQUEST_SIZE,
            transactional_id=transactional_id,
            **security.client_options(),
        )
        self._started = False

    @property
    def started(self) -> bool:
        """Whether the producer is connected."""
        return self._started

    @property
    def producer(self) -> AIOKafkaProducer:
        """The underlying producer, for transactions and raw sends."""
        return self._producer

    async def start(self) -> None:
        """Connect to the brokers (:class:`KafkaUnreachable` says why when they refuse)."""
        try:
            await connect_or_explain(self._producer.start, self._bootstrap_servers, self._security)
        except KafkaUnreachable:
            await self._producer.stop()
            raise
        self._started = True

    async def stop(self) -> None:
        """Flush and disconnect."""
        if self._started:
            await self._producer.stop()
            self._started = False

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

    def envelope(self, message: Message, *, event_id: str | None = None) -> Envelope[Message]:
        """Wrap a message with this publisher's source and the current trace context."""
        return Envelope(
            data=message, source=self.source, id=event_id or "", traceparent=current_traceparent()
        )

    async def publish(self, message: Message, *, event_id: str | None = None) -> None:
        """Send one message and wait for the acknowledgement."""
        await self.publish_many([message], event_id=event_id)

    async def publish_many(
        self, messages: Sequence[Message], *, event_id: str | None = None
    ) -> None:
        """Send messages (in order per key) and wait until all are acknowledged."""
        acknowledgements = [await self.send(m, event_id=event_id) for m in messages]
        for acknowledgement in acknowledgements:
            await acknowledgement

    async def send(
        self, message: Message, *, event_id: str | None = None
    ) -> asyncio.Future[RecordMetadata]:
        """Hand one message to the producer; the future is the broker's acknowledgement.

        The message gets a producer span (``<topic> send``), which its ``traceparent``
        names as the parent of whatever a consumer does with it; the span ends with the
        acknowledgement, carrying the partition and offset.
        """
        topic = self.topics.name(message.topic)
        span = _tracer.start_span(
            f"{topic} send", kind=SpanKind.PRODUCER, attributes=send_attributes(topic, message.key)
        )
        with trace.use_span(span, end_on_exit=False, record_exception=False):
            kafka_message = to_kafka(self.envelope(message, event_id=event_id))
            try:
                future: asyncio.Future[RecordMetadata] = await self._producer.send(
                    topic,
                    value=kafka_message.value,
                    key=kafka_message.key,
                    headers=list(kafka_message.headers),
                )
            except BaseException as exc:
                _failed(span, exc)
                span.end()
                raise
        future.add_done_callback(lambda done: _acknowledged(span, done))
        return future


def _acknowledged(span: Span, done: asyncio.Future[RecordMetadata]) -> None:
    if done.cancelled():
        _failed(span, asyncio.CancelledError())
    elif (exc := done.exception()) is not None:
        _failed(span, exc)
    else:
        metadata = done.result()
        span.set_attribute(msg.MESSAGING_DESTINATION_PARTITION_ID, str(metadata.partition))
        span.set_attribute(msg.MESSAGING_KAFKA_OFFSET, metadata.offset)
    span.end()


def _failed(span: Span, exc: BaseException) -> None:
    span.set_status(Status(StatusCode.ERROR, type(exc).__name__))
    span.set_attribute("error.type", type(exc).__name__)
