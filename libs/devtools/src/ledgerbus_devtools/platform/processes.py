"""What `make run` starts: every process of the local platform, its port and health URL."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from ledgerbus_devtools.platform.traces import telemetry_env, zipkin_url


@dataclass(frozen=True)
class ProcessSpec:
    """One long-running process of the local platform."""

    name: str
    module: str
    port_variable: str
    default_port: int
    health_path: str = "/healthz"
    env: dict[str, str] = field(default_factory=dict)

    @property
    def port(self) -> int:
        return int(os.environ.get(self.port_variable, self.default_port))

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def command(self, python: str) -> list[str]:
        return [python, "-m", self.module]


def _port(variable: str, default: int) -> int:
    return int(os.environ.get(variable, default))


def platform_processes() -> list[ProcessSpec]:
    """The processes in start order: sinks and sandboxes first, then the services."""
    exact = f"http://127.0.0.1:{_port('EXACT_SANDBOX_PORT', 8091)}"
    twinfield = f"http://127.0.0.1:{_port('TWINFIELD_SANDBOX_PORT', 8092)}"
    snelstart = f"http://127.0.0.1:{_port('SNELSTART_SANDBOX_PORT', 8093)}"
    smtp_port = str(_port("SMTP_SINK_PORT", 1025))
    traced = telemetry_env()
    return [
        ProcessSpec("smtp-sink", "ledgerbus_devtools.smtp_sink", "SMTP_SINK_PORT", 1025, ""),
        ProcessSpec(
            "exact-sandbox",
            "ledgerbus_sandboxes.exact",
            "EXACT_SANDBOX_PORT",
            8091,
            "/_sandbox/stats",
        ),
        ProcessSpec(
            "twinfield-sandbox",
            "ledgerbus_sandboxes.twinfield",
            "TWINFIELD_SANDBOX_PORT",
            8092,
            "/_sandbox/stats",
        ),
        ProcessSpec(
            "snelstart-sandbox",
            "ledgerbus_sandboxes.snelstart",
            "SNELSTART_SANDBOX_PORT",
            8093,
            "/_sandbox/stats",
        ),
        ProcessSpec(
            "ledger-store", "ledgerbus_ledger_store", "LEDGER_STORE_PORT", 8002, env=traced
        ),
        ProcessSpec("scheduler", "ledgerbus_scheduler", "SCHEDULER_PORT", 8001, env=traced),
        ProcessSpec(
            "notifier",
            "ledgerbus_notifier",
            "NOTIFIER_PORT",
            8003,
            env={"SMTP_PORT": smtp_port, **traced},
        ),
        ProcessSpec(
            "connector-exact",
            "ledgerbus_connector_exact",
            "CONNECTOR_EXACT_PORT",
            8011,
            env={"EXACT_BASE_URL": exact, **traced},
        ),
        ProcessSpec(
            "connector-twinfield",
            "ledgerbus_connector_twinfield",
            "CONNECTOR_TWINFIELD_PORT",
            8012,
            env={"TWINFIELD_BASE_URL": twinfield, **traced},
        ),
        ProcessSpec(
            "connector-snelstart",
            "ledgerbus_connector_snelstart",
            "CONNECTOR_SNELSTART_PORT",
            8013,
            env={"SNELSTART_BASE_URL": snelstart, **traced},
        ),
        ProcessSpec(
            "console",
            "ledgerbus_console",
            "CONSOLE_PORT",
            8004,
            env={"TRACE_VIEWER_URL": f"{zipkin_url()}/zipkin/", **traced},
        ),
    ]
