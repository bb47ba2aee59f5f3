"""The scheduler's API: clear 422s, deduplicated manual syncs, durable requests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from ledgerbus_contracts import Package, RequestSync, SyncCompleted, SyncMode
from ledgerbus_scheduler.testing import OPERATOR, running_scheduler
from ledgerbus_servicekit import EventPublisher, ServiceSettings
from ledgerbus_servicekit.testing import TopicReader, eventually

pytestmark = pytest.mark.integration
Settings = Callable[..., ServiceSettings]


@pytest.mark.parametrize(
    ("fields", "named"),
    [
        ({"package": "quickbooks"}, "package"),
        ({"nightly_window_start": "05:00", "nightly_window_end": "01:00"}, "ends"),
        ({"timezone": "Mars/Olympus"}, "Mars/Olympus"),
    ],
)
async def test_invalid_administrations_are_refused_with_the_reason(
    service_settings: Settings, fields: dict[str, str], named: str
) -> None:
    async with running_scheduler(service_settings) as rig:
        response = await rig.register("adm-1", **fields)
    assert response.status_code == 422
    assert named in response.text


async def test_an_unsupported_entity_type_is_refused_by_name(service_settings: Settings) -> None:
    async with running_scheduler(service_settings) as rig:
        await rig.register("tw-1", package="twinfield", external_id="NLA000001")
        response = await rig.api.post(
            "/v1/administrations/tw-1/syncs",
            json={"mode": "full", "entity_types": ["gl_account", "cost_unit"]},
            headers=OPERATOR,
        )
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {
            "loc": ["body", "entity_types"],
            "msg": "twinfield does not support entity types: cost_unit",
            "type": "value_error",
        }
    ]


async def test_an_equivalent_request_gets_the_running_syncs_id_until_it_ends(
    service_settings: Settings,
) -> None:
    async with running_scheduler(service_settings) as rig:
        await rig.register("adm-1")
        ask = {"mode": "incremental", "entity_types": ["transaction_line"]}
        first = (
            await rig.api.post("/v1/administrations/adm-1/syncs", json=ask, headers=OPERATOR)
        ).json()
        again = (
            await rig.api.post("/v1/administrations/adm-1/syncs", json=ask, headers=OPERATOR)
        ).json()
        other = (
            await rig.api.post(
                "/v1/administrations/adm-1/syncs", json={"mode": "full"}, headers=OPERATOR
            )
        ).json()
        settings = rig.settings
        async with EventPublisher(
            settings.kafka_bootstrap_servers, settings.topics, source="/ledger-store"
        ) as publisher:
            await publisher.publish(
                SyncCompleted(
                    administration_id="adm-1",
                    sync_id=first["sync_id"],
                    tenant_id="t1",
                    package=Package.EXACT,
                    at=rig.clock.now(),
                    mode=SyncMode.INCREMENTAL,
                    applied={},
                    deleted={},
                    duration_seconds=1.0,
                )
            )

        async def fresh_id() -> str | None:
            body = (
                await rig.api.post("/v1/administrations/adm-1/syncs", json=ask, headers=OPERATOR)
            ).json()
            return None if body["deduplicated"] else str(body["sync_id"])

        later = await eventually(fresh_id, what="the ended sync to stop deduplicating")
        async with TopicReader(
            settings.kafka_bootstrap_servers, settings.topics.sync_requests
        ) as reader:
            await reader.wait_for(lambda records: len(records) >= 3)
            requested = [e.data for e in reader.envelopes() if isinstance(e.data, RequestSync)]
    assert again == {"sync_id": first["sync_id"], "deduplicated": True}
    assert other["sync_id"] != first["sync_id"] and later != first["sync_id"]
    assert {r.sync_id for r in requested} == {first["sync_id"], other["sync_id"], later}
    assert requested[0].requested_at == dt.datetime(2026, 10, 31, 22, 0, tzinfo=dt.UTC)


async def test_the_schedule_of_a_night_lists_each_administration(
    service_settings: Settings,
) -> None:
    async with running_scheduler(service_settings) as rig:
        for n in range(5):
            await rig.register(f"adm-{n}")
        schedule = (
            await rig.api.get("/v1/schedule", params={"date": "2026-11-17"}, headers=OPERATOR)
        ).json()
    assert sorted(r["administration_id"] for r in schedule["runs"]) == [
        f"adm-{n}" for n in range(5)
    ]
    assert all(r["at"].startswith("2026-11-17T0") for r in schedule["runs"])


async def test_a_manual_request_is_published_in_the_http_requests_trace(
    service_settings: Settings, span_exporter: InMemorySpanExporter
) -> None:
    async with running_scheduler(service_settings) as rig:
        await rig.register("adm-1")
        span_exporter.clear()
        accepted = await rig.api.post(
            "/v1/administrations/adm-1/syncs", json={"mode": "full"}, headers=OPERATOR
        )
        settings = rig.settings
        async with TopicReader(
            settings.kafka_bootstrap_servers, settings.topics.sync_requests
        ) as reader:
            await reader.wait_for(lambda records: len(records) >= 1)
            (envelope,) = reader.envelopes()
    server = [
        s
        for s in span_exporter.get_finished_spans()
        if s.name.startswith("POST /v1/administrations") and s.parent is None
    ]
    assert accepted.status_code == 202 and len(server) == 1
    assert isinstance(envelope.data, RequestSync)
    assert envelope.data.sync_id == envelope.id == accepted.json()["sync_id"]
    context = server[0].get_span_context()
    assert envelope.traceparent is not None
    _, trace_id, parent_id, _ = envelope.traceparent.split("-")
    assert trace_id == f"{context.trace_id:032x}"
    # The message's parent is its producer span, which descends from the request's span.
    spans = {f"{s.context.span_id:016x}": s for s in span_exporter.get_finished_spans()}
    send = spans[parent_id]
    assert send.name.endswith("sync.requests send")
    ancestors = []
    while send.parent is not None and f"{send.parent.span_id:016x}" in spans:
        send = spans[f"{send.parent.span_id:016x}"]
        ancestors.append(send.context.span_id)
    assert context.span_id in ancestors


async def test_a_sync_whose_end_was_never_reported_stops_deduplicating_after_a_day(
    service_settings: Settings,
) -> None:
    async with running_scheduler(service_settings, dedup_hours=24) as rig:
        await rig.register("adm-1")
        url, ask = "/v1/administrations/adm-1/syncs", {"mode": "full"}
        first = (await rig.api.post(url, json=ask, headers=OPERATOR)).json()
        rig.clock.advance(23 * 3600)
        same_day = (await rig.api.post(url, json=ask, headers=OPERATOR)).json()
        rig.clock.advance(2 * 3600)
        next_day = (await rig.api.post(url, json=ask, headers=OPERATOR)).json()
    assert same_day == {"sync_id": first["sync_id"], "deduplicated": True}
    assert next_day["deduplicated"] is False and next_day["sync_id"] != first["sync_id"]
