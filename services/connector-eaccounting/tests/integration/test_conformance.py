"""connector-eaccounting passes the connector conformance suite against the eAccounting sandbox."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from typing import Any

from ledgerbus_connector_eaccounting.main import create_app
from ledgerbus_connector_eaccounting.settings import Settings
from ledgerbus_connectorkit.testing.rig import Connected, connector_rig
from ledgerbus_connectorkit.testing.scope import every_request_to
from ledgerbus_connectorkit.testing.suite import ConformanceSuite
from ledgerbus_contracts import EntityType, Package
from ledgerbus_sandboxes.eaccounting import create_app as create_sandbox
from ledgerbus_sandboxes.eaccounting.testing import authorize


async def consent(sandbox_url: str) -> dict[str, Any]:
    return {"code": await authorize(sandbox_url)}


def eaccounting_rig(service_settings: Callable[..., Any]) -> AbstractAsyncContextManager[Connected]:
    return connector_rig(
        service_settings,
        package=Package("eaccounting"),
        sandbox=create_sandbox(),
        create_app=create_app,
        settings=Settings,
        sandbox_setting="eaccounting_base_url",
        external_id="demo-eaccounting",
        credentials=consent,
    )


class TestConformance(
    ConformanceSuite,
    rig=eaccounting_rig,
    hard_deleted=EntityType.CONTACT,
    changed=(EntityType.GL_ACCOUNT, {"name": "Gewijzigde rekening"}),
    at_source=every_request_to("/v2/vouchers?", "VoucherDate ge {date}"),
    refused=({"code": "not-a-code"}, "authorization code is invalid"),
    administrations=frozenset({"demo-eaccounting"}),
    entries_balance=True,
):
    """Visma eAccounting: an OAuth2 code per company."""
