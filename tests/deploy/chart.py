"""Helpers for the chart tests: build Helm once, render the chart, read the objects."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
CHART = ROOT / "deploy" / "helm" / "ledgerbus"
VALUES = ROOT / "deploy" / "helm" / "values"
VALUE_SETS = {
    "default": None,
    "production": VALUES / "production.yaml",
    "minimal": VALUES / "minimal.yaml",
}
KUBERNETES_VERSION = "1.31.0"
"""The Kubernetes version the chart is rendered for and validated against."""
CUSTOM_KINDS = {
    "ServiceMonitor",
    "PrometheusRule",
    "ScaledObject",
    "TriggerAuthentication",
    "KafkaTopic",
}
"""Kinds from operators' CRDs, which the Kubernetes schemas do not know."""


@cache
def helm_binary() -> str:
    """Helm, built from the Go module proxy by deploy/local/helm.sh on first use."""
    done = subprocess.run(  # noqa: S603 - our own script
        [str(ROOT / "deploy" / "local" / "helm.sh"), "path"],
        capture_output=True,
        text=True,
        check=True,
        timeout=1800,
    )
    return done.stdout.strip().splitlines()[-1]


def helm(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run Helm with a cache and config of its own."""
    return subprocess.run(  # noqa: S603 - the Helm we built
        [helm_binary(), *args],
        capture_output=True,
        text=True,
        check=check,
        timeout=300,
    )


def render(values: Path | None, *sets: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """`helm template` of the chart with one values file and `--set` overrides."""
    args = ["template", "ledgerbus", str(CHART), "--namespace", "ledgerbus"]
    args += ["--kube-version", KUBERNETES_VERSION]
    if values is not None:
        args += ["-f", str(values)]
    for item in sets:
        args += ["--set", item]
    return helm(*args, check=check)


def objects(rendered: str) -> list[dict[str, Any]]:
    """The Kubernetes objects of a rendered chart."""
    return [doc for doc in yaml.safe_load_all(rendered) if doc]


def containers(obj: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every container of a workload object."""
    spec = obj.get("spec", {}).get("template", {}).get("spec", {})
    yield from spec.get("initContainers", [])
    yield from spec.get("containers", [])
