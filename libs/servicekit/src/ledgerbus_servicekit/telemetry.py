"""OpenTelemetry setup and W3C trace-context propagation through Kafka headers.

Kafka spans are our own (the contrib aiokafka instrumentation appends a second
``traceparent`` header, which the CloudEvents binding refuses) and carry the messaging
semantic conventions: ``messaging.system=kafka``, ``messaging.destination.name``,
``messaging.operation.type`` (``send`` for a publish, ``process`` for a handled
message), ``messaging.destination.partition.id``, ``messaging.kafka.offset``,
``messaging.kafka.message.key`` and ``messaging.consumer.group.name``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Protocol

from opentelemetry import context, trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import (
    BatchSpanProcessor,
    ConsoleSpanExporter,
    SpanExporter,
)
from opentelemetry.semconv._incubating.attributes import messaging_attributes as msg
from opentelemetry.trace import Span, SpanKind
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator
from opentelemetry.util.types import AttributeValue

from ledgerbus_servicekit.instrumentation import NoRootQueries, instrument_libraries
from ledgerbus_servicekit.logging import sync_context

_propagator = TraceContextTextMapPropagator()
ZIPKIN_ENDPOINT = "http://127.0.0.1:9411/api/v2/spans"
"""Where the local Zipkin server (``deploy/local/zipkin.sh``) takes spans."""


def setup_tracing(service_name: str, exporter: str, endpoint: str | None = None) -> None:
    """Install a tracer provider for the process unless one is installed already.

    ``exporter`` is ``none``, ``console``, ``otlp`` (``endpoint``: the collector's traces URL)
    or ``zipkin`` (``endpoint`` default: the local Zipkin server).

    Tests install their own provider (with an in-memory exporter) first; services then
    reuse it, so one test sees every service's spans. Either way httpx and asyncpg are
    instrumented (:func:`~ledgerbus_servicekit.instrumentation.instrument_libraries`).
    """
    instrument_libraries()
    if isinstance(trace.get_tracer_provider(), TracerProvider):
        return
    provider = TracerProvider(
        resource=Resource.create({"service.name": service_name}), sampler=NoRootQueries()
    )
    span_exporter: SpanExporter | None = None
    if exporter == "console":
        span_exporter = ConsoleSpanExporter()
    elif exporter == "otlp":
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        span_exporter = OTLPSpanExporter(endpoint=endpoint) if endpoint else OTLPSpanExporter()
    elif exporter == "zipkin":
        from opentelemetry.exporter.zipkin.json import ZipkinExporter

        span_exporter = ZipkinExporter(endpoint=endpoint or ZIPKIN_ENDPOINT)
    if span_exporter is not None:
        provider.add_span_processor(BatchSpanProcessor(span_exporter))
    trace.set_tracer_provider(provider)


def tracer(name: str) -> trace.Tracer:
    """A tracer for one module."""
    return trace.get_tracer(name)


def current_traceparent() -> str | None:
    """The W3C ``traceparent`` of the current span, to put on an outgoing message."""
    carrier: dict[str, str] = {}
    _propagator.inject(carrier)
    return carrier.get("traceparent")


@contextmanager
def _logged_sync(sync_id: str | None, administration_id: str | None) -> Iterator[None]:
    """Log lines within the span name its sync (when the span's attributes do)."""
    if sync_id is None:
        yield
        return
    with sync_context(sync_id, administration_id):
        yield


class Received(Protocol):
    """Where a consumed message came from (a :class:`~ledgerbus_servicekit.Delivery`)."""

    @property
    def topic(self) -> str:
        """The topic it was read from."""
        ...

    @property
    def partition(self) -> int:
        """Its partition."""
        ...

    @property
    def offset(self) -> int:
        """Its offset."""
        ...

    @property
    def key(self) -> str:
        """Its Kafka key."""
        ...

    @property
    def consumer_group(self) -> str | None:
        """The consumer group that read it, when known."""
        ...


_KAFKA = msg.MessagingSystemValues.KAFKA.value


def send_attributes(topic: str, key: str) -> dict[str, AttributeValue]:
    """The semantic-convention attributes of a span that sends one message."""
    return {
        msg.MESSAGING_SYSTEM: _KAFKA,
        msg.MESSAGING_DESTINATION_NAME: topic,
        msg.MESSAGING_OPERATION_TYPE: msg.MessagingOperationTypeValues.SEND.value,
        msg.MESSAGING_OPERATION_NAME: "send",
        msg.MESSAGING_KAFKA_MESSAGE_KEY: key,
    }


def process_attributes(received: Received | Sequence[Received]) -> dict[str, AttributeValue]:
    """The semantic-convention attributes of a span that processes one message or a batch.

    A batch names its topic, partition and group when all its messages share them, and
    its size; offset and key belong to a single message only.
    """
    batch = [received] if not isinstance(received, Sequence) else list(received)
    if not batch:
        return {}
    first = batch[0]
    found: dict[str, AttributeValue] = {
        msg.MESSAGING_SYSTEM: _KAFKA,
        msg.MESSAGING_OPERATION_TYPE: msg.MessagingOperationTypeValues.PROCESS.value,
        msg.MESSAGING_OPERATION_NAME: "process",
    }
    if all(r.topic == first.topic for r in batch):
        found[msg.MESSAGING_DESTINATION_NAME] = first.topic
        if all(r.partition == first.partition for r in batch):
            found[msg.MESSAGING_DESTINATION_PARTITION_ID] = str(first.partition)
    if first.consumer_group is not None:
        found[msg.MESSAGING_CONSUMER_GROUP_NAME] = first.consumer_group
    if len(batch) == 1:
        found[msg.MESSAGING_KAFKA_OFFSET] = first.offset
        found[msg.MESSAGING_KAFKA_MESSAGE_KEY] = first.key
    else:
        found[msg.MESSAGING_BATCH_MESSAGE_COUNT] = len(batch)
    return found


@contextmanager
def consumer_span(
    name: str,
    traceparent: str | None,
    delivery: Received | Sequence[Received] | None = None,
    /,
    **attributes: str,
) -> Iterator[Span]:
    """A consumer span that continues the trace of an incoming message.

    With a ``delivery`` (or a batch of them), the span carries the messaging semantic
    conventions of processing it (:func:`process_attributes`). With a ``sync_id`` or
    ``ledgerbus.sync_id`` attribute, log lines within it carry the sync (and
    ``ledgerbus.administration_id``, when given).
    """
    parent = _propagator.extract({"traceparent": traceparent} if traceparent else {})
    token = context.attach(parent)
    sync_id = attributes.get("ledgerbus.sync_id", attributes.get("sync_id"))
    administration_id = attributes.get("ledgerbus.administration_id")
    span_attributes: dict[str, AttributeValue] = dict(attributes)
    if delivery is not None:
        span_attributes |= process_attributes(delivery)
    try:
        with (
            trace.get_tracer("ledgerbus.kafka").start_as_current_span(
                name, kind=SpanKind.CONSUMER, attributes=span_attributes
            ) as span,
            _logged_sync(sync_id, administration_id),
        ):
            yield span
    finally:
        context.detach(token)


SYNC_ATTRIBUTES = ("sync_id", "administration_id", "tenant_id", "package", "mode", "trigger")
"""The fields of a command or event that identify its sync; spans carry them as
``ledgerbus.<field>``, so a trace can be found by sync id in the viewer."""


def sync_attributes(message: object) -> dict[str, str]:
    """The ``ledgerbus.*`` span attributes of a command or event (the fields it has)."""
    found = {}
    for name in SYNC_ATTRIBUTES:
        value = getattr(message, name, None)
        if value is not None:
            found[f"ledgerbus.{name}"] = str(getattr(value, "value", value))
    return found
