"""Metrics and logs of a sync, read from the services as on-call reads them.

The four services run as processes with ``LOG_FORMAT=json``; each one's ``/metrics`` is
scraped before, during (the sandbox slowed down) and after a full sync and parsed with
Prometheus's own parser: the counters moved as the sync did. The sync's log lines carry
its trace, span, sync and administration, one trace id across the services, and no
secret of the sandbox.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from ledgerbus_contracts import Package, supported_entity_types
from ledgerbus_sandboxes.exact import ExactSandboxConfig
from ledgerbus_servicekit import ServiceSettings
from ledgerbus_servicekit.testing import eventually
from tests.e2e.mirror import sandbox_ids
from tests.e2e.process_platform import ADMINISTRATION, EXTERNAL_ID, process_platform

pytestmark = [pytest.mark.e2e, pytest.mark.integration, pytest.mark.slow]
Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


async def scrape(url: str) -> Samples:
    """Every sample of a service's ``/metrics``, by name and labels."""
    async with httpx.AsyncClient(timeout=10) as client:
        response = await client.get(f"{url}/metrics")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/plain")
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def total(samples: Samples, name: str, **labels: str) -> float:
    """The sum of a metric's samples whose labels include ``labels``."""
    wanted = set(labels.items())
    return sum(v for (n, ls), v in samples.items() if n == name and wanted <= ls)


def labelled(samples: Samples, name: str) -> list[dict[str, str]]:
    """The label sets a metric has samples for."""
    return [dict(ls) for (n, ls), _ in samples.items() if n == name]


def json_lines(path: Path) -> list[dict[str, Any]]:
    """The JSON log lines of a service's output (a stray non-JSON line is left out)."""
    lines = []
    for text in path.read_text(errors="replace").splitlines():
        if text.startswith("{"):
            lines.append(json.loads(text))
    return lines


async def test_metrics_and_logs_follow_a_sync(
    service_settings: Callable[..., ServiceSettings], tmp_path: Path
) -> None:
    types = sorted(supported_entity_types(Package.EXACT))
    async with process_platform(service_settings, tmp_path, LOG_FORMAT="json") as platform:
        urls = platform.urls
        before = {name: await scrape(url) for name, url in urls.items()}
        await platform.sandbox("PUT", "faults", {"latency_ms": 120, "path_contains": "/api/"})
        sync_id = await platform.request_full_sync()

        async def reading() -> Samples | None:
            connector = await scrape(urls["connector-exact"])
            return connector if total(connector, "ledgerbus_records_read_total") > 0 else None

        during = await eventually(reading, timeout=120, interval=0.2, what="records read")
        scheduler_during = await scrape(urls["scheduler"])
        assert (await platform.sync_state(sync_id)).get("state") != "succeeded"
        assert total(during, "ledgerbus_package_calls_total", package="exact", status="200") > 0
        succeeded = {"package": "exact", "mode": "full", "trigger": "manual"}
        assert total(
            scheduler_during, "ledgerbus_syncs_total", outcome="succeeded", **succeeded
        ) == total(before["scheduler"], "ledgerbus_syncs_total", outcome="succeeded", **succeeded)

        await platform.sandbox("PUT", "faults", {"latency_ms": 0})

        async def ended() -> bool:
            return (await platform.sync_state(sync_id)).get("state") == "succeeded"

        await eventually(ended, timeout=240, what=f"sync {sync_id} succeeded")

        async def counted() -> Samples | None:
            scheduler = await scrape(urls["scheduler"])
            done = total(scheduler, "ledgerbus_syncs_total", outcome="succeeded", **succeeded)
            return scheduler if done == 1 else None

        scheduler = await eventually(counted, timeout=60, what="the sync counted succeeded")
        after = {name: await scrape(url) for name, url in urls.items()}
        sandbox_counts = {
            str(t): len(await sandbox_ids(platform.sandbox_url, EXTERNAL_ID, t)) for t in types
        }

    # The scheduler: one succeeded sync and its duration; the outbox drained.
    timed = {"package": "exact", "mode": "full", "outcome": "succeeded"}
    assert total(scheduler, "ledgerbus_sync_duration_seconds_count", **timed) == 1
    assert total(scheduler, "ledgerbus_sync_duration_seconds_sum", **timed) > 0
    assert ("ledgerbus_outbox_backlog", frozenset({("outbox", "sync-requests")})) in scheduler
    assert total(scheduler, "ledgerbus_outbox_backlog", outbox="sync-requests") == 0

    # The connector read, and the ledger-store applied, what the sandbox holds.
    connector, ledger = after["connector-exact"], after["ledger-store"]
    for entity_type, expected in sandbox_counts.items():
        read = total(connector, "ledgerbus_records_read_total", entity_type=entity_type)
        applied = total(ledger, "ledgerbus_records_applied_total", entity_type=entity_type)
        assert (read, applied) == (expected, expected), entity_type
    calls = labelled(connector, "ledgerbus_package_calls_total")
    assert calls and {c["package"] for c in calls} == {"exact"}
    assert all("{id}" in c["endpoint"] or "/api/" not in c["endpoint"] for c in calls), calls
    windows = {s["window"] for s in labelled(connector, "ledgerbus_rate_limit_remaining")}
    assert {"minute", "day"} <= windows
    assert total(ledger, "ledgerbus_held_deletions_total") == 0
    assert ("ledgerbus_outbox_backlog", frozenset({("outbox", "ledger-store")})) in ledger

    # Every consumer reports its lag; the notifier serves its families too.
    for name in ("scheduler", "ledger-store", "notifier", "connector-exact"):
        lags = labelled(after[name], "ledgerbus_consumer_lag")
        assert lags, f"{name} reports no consumer lag"
        assert all(lag["partition"].isdigit() for lag in lags)
    assert ("ledgerbus_outbox_backlog", frozenset({("outbox", "notifier")})) in after["notifier"]

    # Labels stay bounded: no sync id or administration id anywhere.
    for samples in after.values():
        values = {v for (_, labels), _ in samples.items() for _, v in labels}
        assert not any(sync_id in v or ADMINISTRATION in v for v in values)

    # Logs: every line of the sync names it, its administration, trace and span.
    secret = ExactSandboxConfig().client_secret
    trace_ids: dict[str, set[str]] = {}
    for name, path in platform.logs.items():
        assert secret not in path.read_text(errors="replace"), name
        lines = json_lines(path)
        assert lines, f"{name} wrote no JSON lines"
        mine = [line for line in lines if line.get("sync_id") == sync_id]
        mentioned = [line for line in lines if sync_id in line["message"]]
        assert all(line in mine for line in mentioned), (name, mentioned)
        for line in mine:
            assert line.get("administration_id") == ADMINISTRATION, (name, line)
            assert len(line["trace_id"]) == 32 and len(line["span_id"]) == 16, line
            assert {"time", "level", "service", "logger", "message"} <= set(line)
        trace_ids[name] = {line["trace_id"] for line in mine}
    for name in ("scheduler", "connector-exact", "ledger-store"):
        assert trace_ids[name], f"{name} logged nothing of the sync"
    assert len(set().union(*trace_ids.values())) == 1, trace_ids
