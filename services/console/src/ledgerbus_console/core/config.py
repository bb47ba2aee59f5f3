"""The console's settings (environment variables, see ServiceSettings)."""

from __future__ import annotations

import os

from pydantic import Field, model_validator

from ledgerbus_contracts import declared_packages
from ledgerbus_servicekit import ServiceSettings

LOCAL_PORTS = {
    "scheduler": ("SCHEDULER_PORT", 8001),
    "ledger-store": ("LEDGER_STORE_PORT", 8002),
    "notifier": ("NOTIFIER_PORT", 8003),
}
"""The platform's own services the console reaches, with their port variable and default."""


def local_ports() -> dict[str, tuple[str, int]]:
    """Every service the console reaches: the platform's and each declared package's
    connector (``connector-<name>``, its ``CONNECTOR_<NAME>_PORT`` and declared port)."""
    connectors = {
        p.service: (p.connector_port_variable, p.connector_port)
        for p in declared_packages().values()
    }
    return LOCAL_PORTS | connectors


def _local_services() -> dict[str, str]:
    """Each service on 127.0.0.1 at its port variable (``SCHEDULER_PORT``, ...)."""
    return {
        name: f"http://127.0.0.1:{os.environ.get(variable, port)}"
        for name, (variable, port) in local_ports().items()
    }


class Settings(ServiceSettings):
    """Where the platform's services and the trace viewer are; the console keeps no tokens."""

    service_name: str = "console"
    port: int = Field(default=8004, validation_alias="CONSOLE_PORT")
    service_urls: dict[str, str] = Field(
        default_factory=_local_services,
        description='Service name -> its base URL (JSON, e.g. SERVICE_URLS=\'{"scheduler":'
        ' "http://..."}\'); the page reaches them as /api/<service>/v1/...',
    )
    trace_viewer_url: str | None = Field(
        default=None,
        description="The Zipkin UI (e.g. http://127.0.0.1:9411/zipkin/): runs link to their trace",
    )
    upstream_timeout_seconds: float = Field(default=30.0, gt=0)

    @model_validator(mode="after")
    def _refuse_development_secrets_outside_local(self) -> Settings:
        """Replaces the shared check: the console holds no token, key or database.

        It forwards the caller's token and never reads ``OPERATOR_TOKEN``,
        ``ENCRYPTION_KEY`` or ``DATABASE_URL``, so a deployment gives it none of them
        (the Helm chart mounts no Secret into its pod) and their development defaults
        are no reason to refuse to start.
        """
        return self
