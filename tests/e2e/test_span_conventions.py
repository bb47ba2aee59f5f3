"""A sync's spans follow the OpenTelemetry semantic conventions and carry no secret.

One full sync of demo-exact through the scheduler, connector-exact and the ledger-store
(in this process, spans in memory) against the real Kafka, PostgreSQL and the Exact
sandbox, whose credentials a :class:`SecretRecorder` collects. The sandbox answers the
sync's first data call with a 503, so one call is retried. Then:

- Kafka: a producer span per published message (``messaging.operation.type=send``,
  topic, partition, offset, key) and consumer spans that process one (``process``,
  topic, partition, offset, key, consumer group), each processing span a child of the
  send span of its message;
- HTTP client spans (httpx's instrumentation) with the URL, method and status, the
  retried call with ``http.request.resend_count=1``;
- PostgreSQL client spans (asyncpg's instrumentation) with the query text and never the
  parameter values;
- no attribute of any span holds a credential the sandbox received or issued.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind

from ledgerbus_servicekit import ServiceSettings
from ledgerbus_servicekit.testing import eventually, running_app, served_app
from tests.e2e.platform import OPERATOR, connect_demo_exact, exact_sandbox, platform_apps
from tests.e2e.secrets_probe import SecretRecorder

pytestmark = [pytest.mark.e2e, pytest.mark.integration, pytest.mark.slow]


async def test_a_syncs_spans_follow_the_semantic_conventions_without_secrets(
    service_settings: Callable[..., ServiceSettings], span_exporter: InMemorySpanExporter
) -> None:
    recorder = SecretRecorder(exact_sandbox())
    async with served_app(recorder) as exact_url:
        apps = platform_apps(service_settings, exact_url)
        async with (
            running_app(apps.ledger_store) as ledger,
            running_app(apps.scheduler) as scheduler,
            running_app(apps.connector_exact) as connector,
        ):
            await connect_demo_exact(connector, scheduler, exact_url)
            recorder.fail_next("/api/v1/100001/", 503)
            span_exporter.clear()
            requested = await scheduler.post(
                "/v1/administrations/demo-exact/syncs", json={"mode": "full"}, headers=OPERATOR
            )
            assert requested.status_code == 202, requested.text
            sync_id = requested.json()["sync_id"]
            await eventually(
                lambda: _succeeded(ledger, sync_id), timeout=180, what=f"sync {sync_id}"
            )
    spans = list(span_exporter.get_finished_spans())
    by_id = {span.context.span_id: span for span in spans}

    sends = [s for s in spans if s.attributes.get("messaging.operation.type") == "send"]
    assert sends, "no producer span"
    for span in sends:
        attributes = span.attributes
        assert span.kind is SpanKind.PRODUCER
        assert attributes["messaging.system"] == "kafka"
        assert span.name == f"{attributes['messaging.destination.name']} send"
        assert str(attributes["messaging.destination.partition.id"]).isdigit()
        assert isinstance(attributes["messaging.kafka.offset"], int)
        assert attributes["messaging.kafka.message.key"]
    topics = {str(s.attributes["messaging.destination.name"]) for s in sends}
    assert any(t.endswith("sync.requests") for t in topics), topics
    assert any(t.endswith("ledger.changes") for t in topics), topics

    processed = [s for s in spans if s.attributes.get("messaging.operation.type") == "process"]
    single = [s for s in processed if "messaging.kafka.offset" in s.attributes]
    assert single, "no span processes one message"
    groups = {s.attributes["messaging.consumer.group.name"] for s in processed}
    assert len(groups) >= 2, groups  # the connector's and the ledger-store's at least
    for span in single:
        attributes = span.attributes
        assert span.kind is SpanKind.CONSUMER
        assert attributes["messaging.system"] == "kafka"
        assert attributes["messaging.destination.name"] in topics
        assert str(attributes["messaging.destination.partition.id"]).isdigit()
        assert attributes["messaging.kafka.message.key"]
        parent = by_id.get(span.parent.span_id) if span.parent else None
        assert parent is not None, f"{span.name} has no parent among the sync's spans"
        assert parent.attributes.get("messaging.operation.type") == "send", (span.name, parent.name)
        assert (
            parent.attributes["messaging.destination.name"]
            == (attributes["messaging.destination.name"])
        )
    batches = [s for s in processed if "messaging.batch.message_count" in s.attributes]
    for span in batches:
        assert int(span.attributes["messaging.batch.message_count"]) > 1  # type: ignore[arg-type]

    calls = [s for s in spans if s.kind is SpanKind.CLIENT and "url.full" in s.attributes]
    package_calls = [s for s in calls if str(s.attributes["url.full"]).startswith(exact_url)]
    assert package_calls, "no HTTP client span for the package"
    for span in package_calls:
        assert span.attributes["http.request.method"] in ("GET", "POST")
        assert isinstance(span.attributes["http.response.status_code"], int)
    failed = [s for s in package_calls if s.attributes["http.response.status_code"] == 503]
    assert len(failed) == 1, [s.attributes["url.full"] for s in failed]
    again = [
        s
        for s in package_calls
        if s.attributes.get("http.request.resend_count") == 1
        and s.attributes["url.full"] == failed[0].attributes["url.full"]
    ]
    assert again and again[0].attributes["http.response.status_code"] == 200

    queries = [s for s in spans if s.attributes.get("db.system.name") == "postgresql"]
    assert queries, "no database span"
    for span in queries:
        assert span.kind is SpanKind.CLIENT
        assert span.attributes["db.query.text"]
        assert not any("parameters" in key for key in span.attributes), span.attributes
    assert any(by_id.get(s.parent.span_id) for s in queries if s.parent), "queries are orphans"

    assert len(recorder.secrets) >= 3, "the recorder saw too few credentials to prove anything"
    assert _leaks(recorder.secrets, spans) == []


def _leaks(secrets: set[str], spans: list[ReadableSpan]) -> list[str]:
    found = []
    for span in spans:
        texts = [span.name, *(str(v) for v in (span.attributes or {}).values())]
        texts += [str(v) for event in span.events for v in (event.attributes or {}).values()]
        found += [f"{span.name}: {s[:4]}..." for s in secrets for t in texts if s in t]
    return sorted(set(found))


async def _succeeded(ledger: httpx.AsyncClient, sync_id: str) -> dict[str, Any] | None:
    response = await ledger.get(f"/v1/syncs/{sync_id}", headers=OPERATOR)
    if response.status_code != 200:
        return None
    body: dict[str, Any] = response.json()
    assert body["state"] not in ("failed", "needs_attention"), body
    return body if body["state"] == "succeeded" else None
