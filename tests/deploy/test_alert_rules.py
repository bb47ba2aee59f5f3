"""The chart ships the alert rules the README names, as a PrometheusRule, when asked to.

``metrics.prometheusRule.enabled`` (off by default, on in the production values) renders
one PrometheusRule; its alerts are exactly the ones README's "Operating ledgerbus" names
under "Alerts that matter", each with an expression, a severity and a summary. That the
expressions name exported metrics and labels is tests/deploy/test_grafana_dashboard.py's.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.deploy.chart import ROOT, VALUE_SETS, objects, render

pytestmark = pytest.mark.slow


def rules_of(rendered: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [o for o in rendered if o["kind"] == "PrometheusRule"]


def readme_alerts() -> set[str]:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Operating ledgerbus", 1)[1].split("\n## ", 1)[0]
    alerts = section.split("**Alerts that matter**", 1)[1].split("Worth a look", 1)[0]
    return set(re.findall(r"`(Ledgerbus[A-Za-z]+)`", alerts))


def test_the_rule_is_off_by_default_and_on_in_production() -> None:
    assert rules_of(objects(render(VALUE_SETS["default"]).stdout)) == []
    assert len(rules_of(objects(render(VALUE_SETS["production"]).stdout))) == 1


def test_the_rule_holds_exactly_the_alerts_the_readme_names() -> None:
    (rule,) = rules_of(objects(render(None, "metrics.prometheusRule.enabled=true").stdout))
    assert rule["apiVersion"] == "monitoring.coreos.com/v1"
    alerts = [r for group in rule["spec"]["groups"] for r in group["rules"]]
    names = {a["alert"] for a in alerts}
    assert len(names) == len(alerts), "an alert is defined twice"
    assert names == readme_alerts() and len(names) >= 4
    for alert in alerts:
        assert alert["expr"].strip(), alert["alert"]
        assert alert["labels"]["severity"] in ("warning", "critical"), alert["alert"]
        assert alert["annotations"]["summary"].strip(), alert["alert"]
