"""Settings every connector service has, beside the package's own."""

from __future__ import annotations

from pydantic import Field

from ledgerbus_servicekit import ServiceSettings


class ConnectorSettings(ServiceSettings):
    """Concurrency, HTTP timeout and the job lease of a connector service.

    A package's settings add ``service_name``, ``database_schema``, ``port`` (with its
    ``CONNECTOR_<NAME>_PORT`` alias) and the package's URLs and keys.
    """

    port: int = Field(default=8010, description="The HTTP port; every package sets its own")

    sync_concurrency: int = Field(default=4, ge=1, description="Administrations synced at once")
    http_timeout_seconds: float = Field(default=30.0, gt=0)
    job_lease_seconds: float = Field(
        default=120.0,
        gt=0,
        description="How long a claimed sync stays with a replica that stops saving progress",
    )
