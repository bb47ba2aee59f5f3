"""The Helm chart lints, renders for three value sets, and every object is one Kubernetes accepts.

Helm is built from the Go module proxy (deploy/local/helm.sh); the Kubernetes schemas come with
kubernetes-validate, so nothing here needs a cluster or the network beyond the first build.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest

from ledgerbus_contracts.packages import declared_packages
from tests.deploy.chart import (
    CHART,
    CUSTOM_KINDS,
    KUBERNETES_VERSION,
    VALUE_SETS,
    containers,
    helm,
    objects,
    render,
)

SECRET_NAME = re.compile(r"(PASSWORD|SECRET|TOKEN|ENCRYPTION_KEY|SUBSCRIPTION_KEY|DATABASE_URL)")

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module", params=sorted(VALUE_SETS))
def rendered(request: pytest.FixtureRequest) -> tuple[str, list[dict[str, Any]]]:
    name = request.param
    return name, objects(render(VALUE_SETS[name]).stdout)


@pytest.mark.parametrize("name", sorted(VALUE_SETS))
def test_helm_lint_passes(name: str) -> None:
    values: Path | None = VALUE_SETS[name]
    args = ["lint", "--strict", "--kube-version", KUBERNETES_VERSION, str(CHART)] + (
        ["-f", str(values)] if values else []
    )
    done = helm(*args, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_every_object_matches_the_kubernetes_schema(
    rendered: tuple[str, list[dict[str, Any]]],
) -> None:
    name, objs = rendered
    assert objs, f"{name}: nothing rendered"
    for obj in objs:
        if obj["kind"] in CUSTOM_KINDS:
            assert obj["apiVersion"] and obj["metadata"]["name"], obj
            continue
        kubernetes_validate.validate(obj, KUBERNETES_VERSION.rsplit(".", 1)[0], strict=True)


def test_every_container_is_probed_limited_and_unprivileged(
    rendered: tuple[str, list[dict[str, Any]]],
) -> None:
    name, objs = rendered
    workloads = [o for o in objs if o["kind"] in {"Deployment", "Job", "StatefulSet"}]
    assert workloads, name
    for obj in workloads:
        pod = obj["spec"]["template"]["spec"]
        assert pod["securityContext"]["runAsNonRoot"] is True
        for c in containers(obj):
            where = f"{name}: {obj['metadata']['name']}/{c['name']}"
            for probe in ("startupProbe", "livenessProbe", "readinessProbe"):
                assert probe in c, f"{where} has no {probe}"
            assert c["livenessProbe"]["httpGet"]["path"] == "/healthz", where
            assert c["readinessProbe"]["httpGet"]["path"] == "/readyz", where
            assert c["resources"]["requests"] and c["resources"]["limits"], where
            sc = c["securityContext"]
            assert sc["runAsNonRoot"] is True, where
            assert sc["readOnlyRootFilesystem"] is True, where
            assert sc["allowPrivilegeEscalation"] is False, where
            assert sc["capabilities"]["drop"] == ["ALL"], where
            image = c["image"]
            assert ":" in image and not image.endswith(":latest"), f"{where}: {image}"


def test_no_secret_value_is_in_a_config_map(rendered: tuple[str, list[dict[str, Any]]]) -> None:
    name, objs = rendered
    for obj in objs:
        if obj["kind"] == "ConfigMap":
            leaked = [k for k in obj.get("data", {}) if SECRET_NAME.search(k)]
            assert not leaked, f"{name}: {leaked} in ConfigMap {obj['metadata']['name']}"
        for c in containers(obj):
            for env in c.get("env", []):
                if SECRET_NAME.search(env["name"]):
                    assert "secretKeyRef" in env.get("valueFrom", {}), f"{name}: {env}"


def test_each_service_has_its_network_policy_and_budget() -> None:
    objs = objects(render(VALUE_SETS["default"]).stdout)
    deployments = {o["metadata"]["name"] for o in objs if o["kind"] == "Deployment"}
    for kind in ("NetworkPolicy", "PodDisruptionBudget", "Service"):
        assert {o["metadata"]["name"] for o in objs if o["kind"] == kind} == deployments, kind
    policies = {o["metadata"]["name"]: o for o in objs if o["kind"] == "NetworkPolicy"}
    exact_ports = {
        p["port"]
        for rule in policies["ledgerbus-connector-exact"]["spec"]["egress"]
        for p in rule["ports"]
    }
    notifier_ports = {
        p["port"]
        for rule in policies["ledgerbus-notifier"]["spec"]["egress"]
        for p in rule["ports"]
    }
    assert 443 in exact_ports and 587 not in exact_ports
    assert 587 in notifier_ports and 443 not in notifier_ports


def test_production_values_wire_kafka_sasl_ssl_and_postgres_tls() -> None:
    objs = objects(render(VALUE_SETS["production"]).stdout)
    config = next(o for o in objs if o["kind"] == "ConfigMap")["data"]
    assert config["KAFKA_SECURITY_PROTOCOL"] == "SASL_SSL"
    assert config["KAFKA_SASL_MECHANISM"] == "SCRAM-SHA-512"
    assert config["KAFKA_SSL_CAFILE"].endswith("ca.crt")
    assert config["DATABASE_SSLMODE"] == "verify-full"
    assert config["LEDGERBUS_ENV"] == "production"
    assert json.loads(config["CONNECTOR_URLS"]) == {
        "exact": "http://ledgerbus-connector-exact:8011",
        "twinfield": "http://ledgerbus-connector-twinfield:8012",
        "snelstart": "http://ledgerbus-connector-snelstart:8013",
        "eaccounting": "http://ledgerbus-connector-eaccounting:8014",
    }
    topics = [o for o in objs if o["kind"] == "KafkaTopic"]
    assert {t["spec"]["topicName"] for t in topics} >= {"sync.requests", "ledger.changes"}
    assert all(t["spec"]["partitions"] == 24 for t in topics)
    scaled = [o for o in objs if o["kind"] == "ScaledObject"]
    assert scaled and all(s["spec"]["maxReplicaCount"] <= 24 for s in scaled)
    hpa_targets = {
        o["spec"]["scaleTargetRef"]["name"] for o in objs if o["kind"] == "HorizontalPodAutoscaler"
    }
    assert not hpa_targets & {s["spec"]["scaleTargetRef"]["name"] for s in scaled}


def test_autoscaling_beyond_the_partitions_is_refused() -> None:
    done = render(
        None,
        "kafka.topics.partitions=4",
        "services.ledgerStore.autoscaling.maxReplicas=6",
        check=False,
    )
    assert done.returncode != 0
    assert "exceeds kafka.topics.partitions" in done.stderr


def test_the_latest_tag_is_refused() -> None:
    done = render(None, "image.tag=latest", check=False)
    assert done.returncode != 0
    assert "not latest" in done.stderr


def test_every_declared_package_has_its_connector_in_the_chart() -> None:
    objs = objects(render(VALUE_SETS["production"]).stdout)
    deployments = {o["metadata"]["name"]: o for o in objs if o["kind"] == "Deployment"}
    config = next(o for o in objs if o["kind"] == "ConfigMap")["data"]
    for package in declared_packages().values():
        deployment = deployments.get(f"ledgerbus-{package.service}")
        assert deployment is not None, f"the chart runs no {package.service}"
        container = deployment["spec"]["template"]["spec"]["containers"][0]
        started = " ".join([*container.get("command", []), *container.get("args", [])])
        assert package.connector_module in started, started
        assert package.base_url_variable in config, package.base_url_variable
