"""The platform's Prometheus metrics, defined once, served by every service on ``/metrics``.

Every service registers the same families (a process exports the ones it moves, and
zero or nothing for the rest). Labels stay bounded: a package, mode, trigger, outcome,
entity type, endpoint class, HTTP status, consumer group, topic, partition or outbox,
never an administration id or a sync id (those are on the logs and spans).

Counters move where the event happens; a counter moved inside a database transaction
that is then rolled back and retried counts twice (metrics are at-least-once, like the
consumers).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar

import httpx
from prometheus_client import CONTENT_TYPE_LATEST, Counter, Gauge, Histogram, generate_latest

__all__ = ["CONTENT_TYPE_LATEST", "generate_latest"]

SYNCS = Counter(
    "ledgerbus_syncs",
    "Syncs that ended, by package, mode, trigger and outcome (succeeded, failed, needs_attention).",
    ["package", "mode", "trigger", "outcome"],
)
SYNC_DURATION = Histogram(
    "ledgerbus_sync_duration_seconds",
    "From a sync's request to its end, by package, mode and outcome.",
    ["package", "mode", "outcome"],
    buckets=(1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200, 14400),
)
RECORDS_READ = Counter(
    "ledgerbus_records_read",
    "Records a connector read from a package and published.",
    ["package", "entity_type"],
)
RECORDS_APPLIED = Counter(
    "ledgerbus_records_applied",
    "Records the ledger-store applied (a republished page counts once).",
    ["entity_type"],
)
RECORDS_DELETED = Counter(
    "ledgerbus_records_deleted",
    "Records the ledger-store deleted: reported by the package or missing from a full"
    " snapshot (source = package or snapshot).",
    ["entity_type", "source"],
)
HELD_DELETIONS = Counter(
    "ledgerbus_held_deletions",
    "Deletions the mass-deletion guard held for an operator to release or discard.",
    ["entity_type"],
)
PACKAGE_CALLS = Counter(
    "ledgerbus_package_calls",
    "Calls to a package's API by endpoint class and status (an HTTP status, or transport_error).",
    ["package", "endpoint", "status"],
)
RATE_LIMIT_REMAINING = Gauge(
    "ledgerbus_rate_limit_remaining",
    "The package's remaining request budget as its last response announced it, by window.",
    ["package", "window"],
)
RATE_LIMIT_PAUSES = Counter(
    "ledgerbus_rate_limit_pauses",
    "Times a connector stopped for a package's rate limit: wait (short, in the sync) or"
    " pause (the sync resumes later).",
    ["package", "kind"],
)
TOKEN_REFRESHES = Counter(
    "ledgerbus_token_refreshes",
    "Credential refreshes after the package refused a request.",
    ["package"],
)
REAUTHORIZATIONS = Counter(
    "ledgerbus_reauthorizations_needed",
    "Syncs that failed because a connection must be authorised again by a person.",
    ["package"],
)
CONSUMER_LAG = Gauge(
    "ledgerbus_consumer_lag",
    "Messages between a consumer group's committed offset and the partition's end.",
    ["consumer_group", "topic", "partition"],
)
DEAD_LETTERS = Counter(
    "ledgerbus_dead_letter_messages",
    "Messages a consumer group put on its dead-letter topic.",
    ["consumer_group", "topic"],
)
OUTBOX_BACKLOG = Gauge(
    "ledgerbus_outbox_backlog",
    "Rows written to an outbox and not yet published or sent (counted at each scrape).",
    ["outbox"],
)
MAILS = Counter(
    "ledgerbus_mails",
    "Notifier mail by outcome: sent, failed (will be retried or gave up) or digested"
    " (folded into a digest instead of sent alone).",
    ["kind", "outcome"],
)

_package: ContextVar[str] = ContextVar("ledgerbus_metrics_package", default="unknown")


@contextmanager
def package_calls_for(package: str) -> Iterator[None]:
    """Within the block, package calls and rate limits are counted for ``package``."""
    token = _package.set(package)
    try:
        yield
    finally:
        _package.reset(token)


def current_package() -> str:
    """The package whose calls are being counted (``unknown`` outside a sync)."""
    return _package.get()


# A path segment that names one record or administration, not a kind of endpoint: digits,
# a GUID, an OData key (``Accounts(guid'...')``), a long token.
_IDENTIFIER = re.compile(r"^(?:[0-9]+|[0-9a-fA-F\-]{16,}|[^/]*\d{4,}[^/]*)$")
_ODATA_KEY = re.compile(r"\(.*\)$")


def endpoint_class(url: httpx.URL | str) -> str:
    """A bounded name for the endpoint a URL calls: its path without identifiers.

    ``https://start.exactonline.nl/api/v1/123/financialtransaction/TransactionLines`` is
    ``/api/v1/{id}/financialtransaction/TransactionLines``; the query never counts.
    """
    path = httpx.URL(str(url)).path
    parts = [_ODATA_KEY.sub("", p) for p in path.split("/")]
    return "/".join("{id}" if p and _IDENTIFIER.match(p) else p for p in parts) or "/"


def count_package_call(url: httpx.URL | str, status: int | str) -> None:
    """One call to the package of the current sync."""
    PACKAGE_CALLS.labels(current_package(), endpoint_class(url), str(status)).inc()


def observe_rate_limits(remaining: Mapping[str, int | float]) -> None:
    """The budget the package announced, per window (``minute``, ``day``, ...)."""
    for window, value in remaining.items():
        RATE_LIMIT_REMAINING.labels(current_package(), window).set(value)


def count_rate_limit_stop(kind: str) -> None:
    """A ``wait`` within the sync or a ``pause`` of the sync for the rate limit."""
    RATE_LIMIT_PAUSES.labels(current_package(), kind).inc()


def count_token_refresh() -> None:
    """The package refused the credentials and they were refreshed."""
    TOKEN_REFRESHES.labels(current_package()).inc()
