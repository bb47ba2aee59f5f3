"""Test support: connector-snelstart against a served SnelStart sandbox, connected."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from typing import Any

from ledgerbus_connector_snelstart.core.config import Settings
from ledgerbus_connector_snelstart.main import create_app
from ledgerbus_connectorkit.testing.rig import OPERATOR, Connected, connector_rig
from ledgerbus_contracts import Package
from ledgerbus_sandboxes.snelstart import SnelStartSandboxConfig
from ledgerbus_sandboxes.snelstart import create_app as create_sandbox

__all__ = ["OPERATOR", "snelstart_rig"]


def snelstart_rig(
    service_settings: Callable[..., Any], index: int = 0, **overrides: Any
) -> AbstractAsyncContextManager[Connected]:
    """The sandbox over HTTP, the connector running, and a connection to the sandbox's
    ``index``-th administration with its client key; ``overrides`` go to the settings."""
    config = SnelStartSandboxConfig()
    administration, (_, client_key) = list(config.administrations.items())[index]

    async def credentials(_sandbox_url: str) -> dict[str, Any]:
        return {"client_key": client_key}

    return connector_rig(
        service_settings,
        package=Package.SNELSTART,
        sandbox=create_sandbox(config),
        create_app=create_app,
        settings=Settings,
        sandbox_setting="snelstart_base_url",
        external_id=administration,
        credentials=credentials,
        **overrides,
    )
