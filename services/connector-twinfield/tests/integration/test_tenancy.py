"""Tenant isolation of connector-twinfield: another tenant neither sees nor uses a connection."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from ledgerbus_connector_twinfield.testing import twinfield_rig
from ledgerbus_connectorkit.testing.tenancy import (
    check_isolated_from_another_tenant,
    with_other_tenant,
)
from ledgerbus_servicekit import ServiceSettings

pytestmark = pytest.mark.integration


async def test_another_tenant_neither_sees_nor_syncs_a_connection(
    service_settings: Callable[..., ServiceSettings],
) -> None:
    async with twinfield_rig(with_other_tenant(service_settings)) as (rig, api):
        await check_isolated_from_another_tenant(api, rig, {"code": "unused"})
