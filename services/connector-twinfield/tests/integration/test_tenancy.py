"""Tenant isolation of connector-twinfield: another tenant neither sees nor uses a connection."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from ledgerbus_connector_twinfield.testing import twinfield_rig
from ledgerbus_connectorkit.testing.tenancy import (
    check_another_tenant_cannot_reach_the_connection,
    check_another_tenants_request_is_refused,
)
from ledgerbus_servicekit import ServiceSettings

pytestmark = pytest.mark.integration


async def test_another_tenant_neither_sees_nor_syncs_a_connection(
    service_settings: Callable[..., ServiceSettings],
) -> None:
    def with_tenants(cls: type[ServiceSettings], **overrides: Any) -> ServiceSettings:
        return service_settings(cls, tenant_tokens={"bob-token": "bob"}, **overrides)

    async with twinfield_rig(with_tenants) as (rig, api):
        await check_another_tenant_cannot_reach_the_connection(
            api, rig, {"code": "unused"}, "bob-token"
        )
        await check_another_tenants_request_is_refused(rig)
