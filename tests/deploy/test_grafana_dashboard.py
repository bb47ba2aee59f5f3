"""The Grafana dashboard and the chart's alert rules ask only for metrics the services export.

A metric name in a panel or a rule that no service defines would draw an empty panel or
an alert that never fires; the names come from ``ledgerbus_servicekit.metrics`` with the
suffixes Prometheus gives each type (``_total``, ``_bucket``, ``_sum``, ``_count``).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from prometheus_client import Counter, Gauge, Histogram
from prometheus_client.metrics import MetricWrapperBase

from ledgerbus_servicekit import metrics

ROOT = Path(__file__).resolve().parents[2]
DASHBOARD = ROOT / "deploy" / "grafana" / "ledgerbus-platform.json"
RULES = ROOT / "deploy" / "helm" / "ledgerbus" / "templates" / "prometheusrule.yaml"
METRIC = re.compile(r"\bledgerbus_[a-z_]+\b")


def exported_names() -> set[str]:
    """Every sample name the platform's metrics produce."""
    names: set[str] = set()
    for value in vars(metrics).values():
        if not isinstance(value, MetricWrapperBase):
            continue
        name = value._name
        if isinstance(value, Counter):
            names.add(f"{name}_total")
        elif isinstance(value, Histogram):
            names |= {f"{name}_bucket", f"{name}_sum", f"{name}_count"}
        elif isinstance(value, Gauge):
            names.add(name)
    return names


def panels(dashboard: dict[str, Any]) -> list[dict[str, Any]]:
    found = []
    for panel in dashboard["panels"]:
        found.append(panel)
        found.extend(panel.get("panels", []))
    return found


def test_the_dashboard_parses_and_every_expression_names_an_exported_metric() -> None:
    dashboard = json.loads(DASHBOARD.read_text())
    exported = exported_names()
    graphs = [p for p in panels(dashboard) if p["type"] != "row"]
    assert len(graphs) >= 10
    ids = [p["id"] for p in panels(dashboard)]
    assert len(ids) == len(set(ids)), "panel ids repeat"
    used: set[str] = set()
    for panel in graphs:
        assert panel["targets"], panel["title"]
        for target in panel["targets"]:
            names = set(METRIC.findall(target["expr"]))
            assert names, (panel["title"], target["expr"])
            assert names <= exported, (panel["title"], names - exported)
            used |= names
    variables = dashboard["templating"]["list"]
    for variable in variables:
        query = variable.get("definition", "")
        assert set(METRIC.findall(query)) <= exported, variable["name"]
    # The platform's headline signals all have a panel.
    for needed in (
        "ledgerbus_syncs_total",
        "ledgerbus_sync_duration_seconds_bucket",
        "ledgerbus_consumer_lag",
        "ledgerbus_rate_limit_remaining",
        "ledgerbus_mails_total",
        "ledgerbus_outbox_backlog",
        "ledgerbus_dead_letter_messages_total",
    ):
        assert needed in used, needed


def test_the_alert_rules_name_exported_metrics_and_their_labels() -> None:
    rules = RULES.read_text()
    names = set(METRIC.findall(rules))
    assert names and names <= exported_names(), names - exported_names()
    labels = {
        "ledgerbus_syncs_total": metrics.SYNCS,
        "ledgerbus_consumer_lag": metrics.CONSUMER_LAG,
        "ledgerbus_dead_letter_messages_total": metrics.DEAD_LETTERS,
        "ledgerbus_outbox_backlog": metrics.OUTBOX_BACKLOG,
    }
    for name, metric in labels.items():
        for expr in re.findall(r"expr: (.+)", rules):
            if name not in expr:
                continue
            grouped = re.findall(r"by \(([^)]*)\)", expr)
            selected = re.findall(r"\{([a-z_]+)=", expr)
            wanted = {w.strip() for g in grouped for w in g.split(",")} | set(selected)
            assert wanted <= set(metric._labelnames), (name, wanted)
