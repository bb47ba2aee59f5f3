"""What `make run` starts: every process of the local platform, its port and health URL."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from ledgerbus_contracts import PackageDeclaration, declared_packages
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


def sandbox_url(package: PackageDeclaration) -> str:
    """Where the package's sandbox listens locally."""
    return f"http://127.0.0.1:{_port(package.sandbox_port_variable, package.sandbox_port)}"


def _sandbox(package: PackageDeclaration) -> ProcessSpec:
    return ProcessSpec(
        f"{package.name}-sandbox",
        package.sandbox_module,
        package.sandbox_port_variable,
        package.sandbox_port,
        package.sandbox_health_path,
    )


def _connector(package: PackageDeclaration, traced: dict[str, str]) -> ProcessSpec:
    sandbox = sandbox_url(package)
    extra = {k: v.replace("{sandbox_url}", sandbox) for k, v in package.connector_env.items()}
    return ProcessSpec(
        package.service,
        package.connector_module,
        package.connector_port_variable,
        package.connector_port,
        env={package.base_url_variable: sandbox, **extra, **traced},
    )


def platform_processes() -> list[ProcessSpec]:
    """The processes in start order: sinks and sandboxes first, then the services.

    One sandbox and one connector per declared package (``ledgerbus.packages``)."""
    packages = list(declared_packages().values())
    smtp_port = str(_port("SMTP_SINK_PORT", 1025))
    traced = telemetry_env()
    return [
        ProcessSpec("smtp-sink", "ledgerbus_devtools.smtp_sink", "SMTP_SINK_PORT", 1025, ""),
        *(_sandbox(package) for package in packages),
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
        *(_connector(package, traced) for package in packages),
        ProcessSpec(
            "console",
            "ledgerbus_console",
            "CONSOLE_PORT",
            8004,
            env={"TRACE_VIEWER_URL": f"{zipkin_url()}/zipkin/", **traced},
        ),
    ]
