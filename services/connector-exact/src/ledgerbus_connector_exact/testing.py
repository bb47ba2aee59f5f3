"""Test support: connector-exact against a served Exact sandbox, connected."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from typing import Any

from ledgerbus_connector_exact.core.config import Settings
from ledgerbus_connector_exact.main import create_app
from ledgerbus_connectorkit.testing.rig import Connected, connector_rig
from ledgerbus_contracts import Package
from ledgerbus_sandboxes.exact import create_app as create_sandbox
from ledgerbus_sandboxes.exact.consent import authorize

DIVISION = "100001"


def exact_rig(
    service_settings: Callable[..., Any], division: str = DIVISION
) -> AbstractAsyncContextManager[Connected]:
    """The sandbox over HTTP, the connector running, and a connection to ``division``."""

    async def credentials(sandbox_url: str) -> dict[str, Any]:
        return {"code": await authorize(sandbox_url)}

    return connector_rig(
        service_settings,
        package=Package.EXACT,
        sandbox=create_sandbox(),
        create_app=create_app,
        settings=Settings,
        sandbox_setting="exact_base_url",
        external_id=division,
        credentials=credentials,
    )
