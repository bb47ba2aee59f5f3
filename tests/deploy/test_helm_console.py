"""The operator console in the chart: a Deployment and Service with no Secret, reaching only
the platform's APIs, and the module it runs is in the image."""

from __future__ import annotations

import json
import tomllib
from typing import Any

import pytest
import yaml

from tests.deploy.chart import CHART, ROOT, VALUE_SETS, containers, objects, render

pytestmark = pytest.mark.slow
CONSOLE = "ledgerbus-console"


def _named(objs: list[dict[str, Any]], kind: str) -> dict[str, dict[str, Any]]:
    return {o["metadata"]["name"]: o for o in objs if o["kind"] == kind}


def _admits_console(policy: dict[str, Any]) -> bool:
    peers = [peer for rule in policy["spec"]["ingress"] for peer in rule["from"]]
    return any(
        p.get("podSelector", {}).get("matchLabels", {}).get("app.kubernetes.io/component")
        == "console"
        for p in peers
    )


def _console_env(objs: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    (container,) = containers(_named(objs, "Deployment")[CONSOLE])
    return {e["name"]: e for e in container["env"]}


@pytest.mark.parametrize("name", sorted(VALUE_SETS))
def test_the_console_runs_with_no_secret_no_config_map_and_no_secret_volume(name: str) -> None:
    objs = objects(render(VALUE_SETS[name]).stdout)
    deployment = _named(objs, "Deployment")[CONSOLE]
    assert _named(objs, "Service")[CONSOLE]["spec"]["ports"][0]["port"] == 8004
    (container,) = containers(deployment)
    assert container["args"] == ["ledgerbus_console"]
    assert "envFrom" not in container
    env = _console_env(objs)
    assert not [e for e in env.values() if "valueFrom" in e], env
    assert not {"DATABASE_URL", "OPERATOR_TOKEN", "ENCRYPTION_KEY", "KAFKA_SASL_PASSWORD"} & set(
        env
    )
    assert env["CONSOLE_PORT"]["value"] == "8004"
    assert env["LEDGERBUS_ENV"]["value"] == "production"
    volumes = deployment["spec"]["template"]["spec"]["volumes"]
    assert [v["name"] for v in volumes] == ["tmp"]


def test_the_console_is_given_every_enabled_service_under_the_name_the_page_calls() -> None:
    default = _console_env(objects(render(VALUE_SETS["default"]).stdout))
    urls = json.loads(default["SERVICE_URLS"]["value"])
    assert (
        urls.items()
        >= {
            "scheduler": "http://ledgerbus-scheduler:8001",
            "ledger-store": "http://ledgerbus-ledger-store:8002",
            "notifier": "http://ledgerbus-notifier:8003",
            "connector-exact": "http://ledgerbus-connector-exact:8011",
            "connector-twinfield": "http://ledgerbus-connector-twinfield:8012",
            "connector-snelstart": "http://ledgerbus-connector-snelstart:8013",
        }.items()
    )
    assert "console" not in urls
    assert "TRACE_VIEWER_URL" not in default
    minimal = _console_env(objects(render(VALUE_SETS["minimal"]).stdout))
    assert "connector-twinfield" not in json.loads(minimal["SERVICE_URLS"]["value"])
    traced = _console_env(
        objects(
            render(
                None, "services.console.traceViewerUrl=https://zipkin.example.com/zipkin/"
            ).stdout
        )
    )
    assert traced["TRACE_VIEWER_URL"]["value"] == "https://zipkin.example.com/zipkin/"


def test_the_console_reaches_only_the_apis_and_every_api_admits_it() -> None:
    objs = objects(render(VALUE_SETS["default"]).stdout)
    policies = _named(objs, "NetworkPolicy")
    egress = policies[CONSOLE]["spec"]["egress"]
    ports = {p["port"] for rule in egress for p in rule["ports"]}
    service_ports = {s["spec"]["ports"][0]["port"] for s in _named(objs, "Service").values()}
    assert ports == {53} | (service_ports - {8004}), ports  # no Kafka, database, SMTP or internet
    for name, policy in policies.items():
        if name != CONSOLE:
            assert _admits_console(policy), f"{name} does not admit the console"
    restricted = objects(
        render(None, "networkPolicy.apiClients[0].podSelector.matchLabels.role=api-client").stdout
    )
    assert _admits_console(_named(restricted, "NetworkPolicy")["ledgerbus-scheduler"])


def test_the_console_can_be_left_out() -> None:
    objs = objects(render(None, "services.console.enabled=false").stdout)
    assert CONSOLE not in _named(objs, "Deployment")
    assert not _admits_console(_named(objs, "NetworkPolicy")["ledgerbus-scheduler"])


def test_every_module_the_chart_runs_is_a_workspace_member_the_image_installs() -> None:
    values = yaml.safe_load((CHART / "values.yaml").read_text())
    modules = {svc["module"] for svc in values["services"].values()}
    workspace = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["uv"]["workspace"]
    packages = {
        path.name
        for pattern in workspace["members"]
        for member in ROOT.glob(pattern)
        for path in (member / "src").glob("ledgerbus_*")
    }
    assert "ledgerbus_console" in modules
    assert modules <= packages, modules - packages
    containerfile = (ROOT / "deploy" / "image" / "Containerfile").read_text()
    assert "--all-packages" in containerfile  # every member is installed in the image
    assert "console" in containerfile  # and the image says it carries the console
