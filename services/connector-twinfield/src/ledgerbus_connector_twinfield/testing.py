"""Test support: connector-twinfield against a served Twinfield sandbox, connected."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from typing import Any

import httpx

from ledgerbus_connector_twinfield.core.config import Settings
from ledgerbus_connector_twinfield.main import create_app
from ledgerbus_connectorkit.testing.rig import OPERATOR, Connected, connector_rig
from ledgerbus_contracts import Package
from ledgerbus_sandboxes.twinfield import create_app as create_sandbox

__all__ = ["OFFICE", "OPERATOR", "demo_code", "twinfield_rig"]
OFFICE = "NLA000001"


async def demo_code(sandbox_url: str) -> str:
    """A one-time authorization code from the sandbox's demo login."""
    async with httpx.AsyncClient(base_url=sandbox_url) as client:
        code: str = (await client.get("/_sandbox/demo-credentials")).json()["code"]
        return code


def twinfield_rig(
    service_settings: Callable[..., Any], office: str = OFFICE
) -> AbstractAsyncContextManager[Connected]:
    """The sandbox over HTTP, the connector running, and a connection to ``office``."""

    async def credentials(sandbox_url: str) -> dict[str, Any]:
        return {"code": await demo_code(sandbox_url)}

    return connector_rig(
        service_settings,
        package=Package.TWINFIELD,
        sandbox=create_sandbox(),
        create_app=create_app,
        settings=Settings,
        sandbox_setting="twinfield_login_url",
        external_id=office,
        credentials=credentials,
    )
