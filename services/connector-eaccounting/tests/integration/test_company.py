"""A connection opens one company: a sync of another fails before anything is read."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest

from ledgerbus_connector_eaccounting.testing import eaccounting_rig
from ledgerbus_contracts import ErrorKind, SyncFailed, SyncMode
from ledgerbus_servicekit import ServiceSettings

pytestmark = pytest.mark.integration


async def test_a_sync_of_a_company_the_connection_does_not_open_fails(
    service_settings: Callable[..., ServiceSettings],
) -> None:
    async with eaccounting_rig(service_settings) as (rig, _):
        elsewhere = dataclasses.replace(rig, external_id="another-company")
        sync_id = await elsewhere.request(SyncMode.FULL)
        failed = await elsewhere.status_events(sync_id, SyncFailed)
    assert failed.error.kind is ErrorKind.CONFIGURATION
    assert "another-company" in failed.error.message
