"""OpenTelemetry setup and W3C trace-context propagation through Kafka headers."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from opentelemetry import context, trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import (
    BatchSpanProcessor,
    ConsoleSpanExporter,
    SpanExporter,
)
from opentelemetry.trace import Span, SpanKind
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

from ledgerbus_servicekit.logging import sync_context

_propagator = TraceContextTextMapPropagator()
ZIPKIN_ENDPOINT = "http://127.0.0.1:9411/api/v2/spans"
"""Where the local Zipkin server (``deploy/local/zipkin.sh``) takes spans."""


def setup_tracing(service_name: str, exporter: str, endpoint: str | None = None) -> None:
    """Install a tracer provider for the process unless one is installed already.

    ``exporter`` is ``none``, ``console``, ``otlp`` (``endpoint``: the collector's traces URL)
    or ``zipkin`` (``endpoint`` default: the local Zipkin server).

    Tests install their own provider (with an in-memory exporter) first; services then
    reuse it, so one test sees every service's spans.
    """
    if isinstance(trace.get_tracer_provider(), TracerProvider):
        return
    provider = TracerProvider(resource=Resource.create({"service.name": service_name}))
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


@contextmanager
def consumer_span(name: str, traceparent: str | None, **attributes: str) -> Iterator[Span]:
    """A consumer span that continues the trace of an incoming message.

    With a ``sync_id`` or ``ledgerbus.sync_id`` attribute, log lines within it carry
    the sync (and ``ledgerbus.administration_id``, when given).
    """
    parent = _propagator.extract({"traceparent": traceparent} if traceparent else {})
    token = context.attach(parent)
    sync_id = attributes.get("ledgerbus.sync_id", attributes.get("sync_id"))
    administration_id = attributes.get("ledgerbus.administration_id")
    try:
        with (
            trace.get_tracer("ledgerbus.kafka").start_as_current_span(
                name, kind=SpanKind.CONSUMER, attributes=attributes
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
