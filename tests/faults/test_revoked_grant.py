"""The refresh token is revoked in the middle of a full sync: nothing is deleted, and
after re-authorisation the next sync makes the ledger exact.

The Exact sandbox forgets every grant while the connector pages through the lines; the
connector's next call is refused, its refresh is refused too, and the sync ends needing
re-authorisation. The records the interrupted snapshot did not reach must stay in the
ledger (an incomplete snapshot deletes nothing). A new code re-authorises the
connection and the next full sync succeeds.
"""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from ledgerbus_sandboxes.common import DataSizes
from ledgerbus_sandboxes.exact.consent import authorize
from ledgerbus_servicekit import ServiceSettings
from tests.faults.rig import (
    OPERATOR,
    TENANT,
    assert_mirrored,
    full_sync,
    package_platform,
    start_and_wait_for_part_applied,
    sync_ended,
)

pytestmark = [pytest.mark.integration, pytest.mark.slow]
SIZES = DataSizes(
    gl_accounts=20, contacts=10, projects=2, cost_centers=2, cost_units=0, payment_terms=3,
    transaction_lines=800,
)  # fmt: skip


@pytest.mark.fault("refresh token revoked mid-sync")
async def test_a_grant_revoked_mid_sync_deletes_nothing_and_reauthorisation_heals(
    service_settings: Callable[..., ServiceSettings],
    record_property: Callable[[str, object], None],
) -> None:
    async with package_platform("exact", service_settings, SIZES) as platform:
        first = await full_sync(platform)
        assert first["state"] == "succeeded", first
        sync_id = await start_and_wait_for_part_applied(platform, SIZES)
        platform.sandbox.state.tokens.revoke_all()
        interrupted = await sync_ended(platform.ledger, sync_id)
        assert interrupted["state"] in ("failed", "needs_attention"), interrupted
        await platform.control("PUT", "faults", {"latency_ms": 0})
        await assert_mirrored(platform)  # nothing the snapshot missed was deleted
        async with httpx.AsyncClient(base_url=platform.connector_url) as connector:
            again = await connector.put(
                f"/v1/connections/{platform.rig.connection_id}",
                json={"code": await authorize(platform.sandbox_url), "tenant_id": TENANT},
                headers=OPERATOR,
            )
        assert again.status_code == 200, again.text
        healed = await full_sync(platform)
        assert healed["state"] == "succeeded", healed
        await assert_mirrored(platform, healed)
    record_property(
        "outcome", f"the sync ended {interrupted['state']}, nothing deleted; re-authorised, exact"
    )
