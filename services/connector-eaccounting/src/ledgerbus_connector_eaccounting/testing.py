"""Test support: connector-eaccounting against a served eAccounting sandbox, connected."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from typing import Any

from ledgerbus_connector_eaccounting.main import create_app
from ledgerbus_connector_eaccounting.settings import Settings
from ledgerbus_connectorkit.testing.rig import Connected, connector_rig
from ledgerbus_contracts import Package
from ledgerbus_sandboxes.eaccounting import create_app as create_sandbox
from ledgerbus_sandboxes.eaccounting.testing import authorize


async def consent(sandbox_url: str) -> dict[str, Any]:
    """The body of ``POST /v1/connections``: the code of a login at the sandbox."""
    return {"code": await authorize(sandbox_url)}


def eaccounting_rig(
    service_settings: Callable[..., Any], **overrides: Any
) -> AbstractAsyncContextManager[Connected]:
    """The sandbox over HTTP, the connector running, and a connection to its demo company;
    ``overrides`` go to the connector's settings."""
    return connector_rig(
        service_settings,
        package=Package("eaccounting"),
        sandbox=create_sandbox(),
        create_app=create_app,
        settings=Settings,
        sandbox_setting="eaccounting_base_url",
        external_id="demo-eaccounting",
        credentials=consent,
        **overrides,
    )
