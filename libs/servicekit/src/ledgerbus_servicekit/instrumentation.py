"""OpenTelemetry's own instrumentation of httpx and asyncpg, under the stable conventions.

:func:`instrument_libraries` turns on, once per process, HTTP client spans for every
httpx call (``url.full`` with its credentials masked by
:func:`~ledgerbus_servicekit.logging.redact`, ``http.response.status_code`` and, on a
retried call, ``http.request.resend_count``) and database client spans for every
asyncpg query (``db.system.name=postgresql``, ``db.namespace``, ``db.query.text``; the
parameter values are never captured, so no secret a query binds reaches a span). Both
follow the stable semantic conventions (``OTEL_SEMCONV_STABILITY_OPT_IN=http,database``
unless the environment chooses otherwise).

:class:`NoRootQueries` keeps the pollers' queries (a job claim, an outbox scan, which
run outside any request or message) from starting a trace of their own each.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from opentelemetry import trace
from opentelemetry.context import Context
from opentelemetry.instrumentation.asyncpg import AsyncPGInstrumentor
from opentelemetry.instrumentation.httpx import HTTPXClientInstrumentor
from opentelemetry.sdk.trace.sampling import (
    ALWAYS_ON,
    Decision,
    ParentBased,
    Sampler,
    SamplingResult,
)
from opentelemetry.trace import Link, Span, SpanKind
from opentelemetry.trace.span import TraceState
from opentelemetry.util.types import Attributes

from ledgerbus_servicekit.logging import redact

URL_FULL = "url.full"
RESEND_COUNT = "http.request.resend_count"
STABILITY_OPT_IN = "OTEL_SEMCONV_STABILITY_OPT_IN"

_resends: ContextVar[int] = ContextVar("ledgerbus_http_resends", default=0)
_instrumented = False


@contextmanager
def http_resends(count: int) -> Iterator[None]:
    """HTTP calls within the block are the ``count``-th resend of one request (0: the first)."""
    token = _resends.set(count)
    try:
        yield
    finally:
        _resends.reset(token)


def _on_request(span: Span, request: Any) -> None:
    """Mask credentials in the URL (a token or code in the query) and note a resend."""
    if not span.is_recording():
        return
    span.set_attribute(URL_FULL, redact(str(request.url)))
    if (count := _resends.get()) > 0:
        span.set_attribute(RESEND_COUNT, count)


async def _on_async_request(span: Span, request: Any) -> None:
    _on_request(span, request)


def instrument_libraries() -> None:
    """Instrument httpx and asyncpg for this process (a second call does nothing)."""
    global _instrumented
    if _instrumented:
        return
    _instrumented = True
    os.environ.setdefault(STABILITY_OPT_IN, "http,database")
    HTTPXClientInstrumentor().instrument(
        request_hook=_on_request, async_request_hook=_on_async_request
    )
    AsyncPGInstrumentor(capture_parameters=False).instrument()  # type: ignore[no-untyped-call]


_DB_SYSTEM = ("db.system.name", "db.system")


class NoRootQueries(Sampler):
    """Samples like ``ParentBased(ALWAYS_ON)``, but drops a database span without a parent."""

    def __init__(self) -> None:
        self._delegate = ParentBased(ALWAYS_ON)

    def should_sample(
        self,
        parent_context: Context | None,
        trace_id: int,
        name: str,
        kind: SpanKind | None = None,
        attributes: Attributes = None,
        links: Sequence[Link] | None = None,
        trace_state: TraceState | None = None,
    ) -> SamplingResult:
        """DROP for a root client span of a database; otherwise what the parent decided."""
        parent = trace.get_current_span(parent_context).get_span_context()
        if (
            not parent.is_valid
            and kind is SpanKind.CLIENT
            and attributes
            and any(key in attributes for key in _DB_SYSTEM)
        ):
            return SamplingResult(Decision.DROP)
        return self._delegate.should_sample(
            parent_context, trace_id, name, kind, attributes, links, trace_state
        )

    def get_description(self) -> str:
        """The sampler's name in diagnostics."""
        return "NoRootQueries{ParentBased(ALWAYS_ON)}"
