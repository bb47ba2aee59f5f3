"""The scheduler's settings (environment variables, see ServiceSettings)."""

from __future__ import annotations

import os

from pydantic import Field

from ledgerbus_contracts import declared_packages
from ledgerbus_servicekit import ServiceSettings


def _local_connectors() -> dict[str, str]:
    """Each declared package's connector on 127.0.0.1 at its port variable
    (``CONNECTOR_EXACT_PORT``, ...) or its declared port."""
    return {
        name: f"http://127.0.0.1:{os.environ.get(d.connector_port_variable, d.connector_port)}"
        for name, d in declared_packages().items()
    }


class Settings(ServiceSettings):
    service_name: str = "scheduler"
    database_schema: str = "scheduler"
    port: int = Field(default=8001, validation_alias="SCHEDULER_PORT")
    relay_interval_seconds: float = Field(
        default=5.0, description="How often unpublished sync requests are retried"
    )
    scheduling_enabled: bool = Field(default=True, description="Run the nightly scheduler")
    tick_seconds: float = Field(default=5.0, gt=0, description="How often the leader ticks")
    upgrade_spread_nights: int = Field(
        default=7, ge=1, description="Nights over which a connector upgrade's full syncs spread"
    )
    dedup_hours: float = Field(
        default=24.0,
        gt=0,
        description="An equivalent sync requested longer ago than this no longer answers for"
        " a new request, should its end never have been reported",
    )
    connector_urls: dict[str, str] = Field(
        default_factory=_local_connectors,
        description="Package -> its connector's base URL, asked who owns a connection when an"
        ' administration is registered (JSON, e.g. CONNECTOR_URLS=\'{"exact": "http://..."}\')',
    )
