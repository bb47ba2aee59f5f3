"""A rejected refresh token marks the connection for re-authorisation; a new code heals it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from ledgerbus_connector_exact.core.config import Settings
from ledgerbus_connector_exact.main import create_app
from ledgerbus_connectorkit.testing import ConformanceRig
from ledgerbus_contracts import EntityType, Package, SyncMode
from ledgerbus_sandboxes.exact import create_app as create_sandbox
from ledgerbus_sandboxes.exact.consent import authorize
from ledgerbus_servicekit import FakeClock, ServiceSettings
from ledgerbus_servicekit.testing import running_app, served_app

pytestmark = pytest.mark.integration
OPERATOR = {"Authorization": "Bearer dev-operator-token"}


async def test_a_revoked_grant_needs_reauthorisation_and_a_new_code_heals_it(
    service_settings: Callable[..., ServiceSettings],
) -> None:
    sandbox = create_sandbox()
    clock = FakeClock(dt.datetime.now(dt.UTC))
    async with served_app(sandbox) as sandbox_url:
        settings = service_settings(Settings, exact_base_url=sandbox_url)
        app = create_app(settings, clock=clock)  # type: ignore[arg-type]
        async with running_app(app) as connector:
            created = await connector.put(
                "/v1/connections/c1",
                json={"code": await authorize(sandbox_url), "tenant_id": "conformance"},
                headers=OPERATOR,
            )
            assert created.status_code == 200, created.text
            rig = ConformanceRig(
                Package.EXACT,
                sandbox_url,
                "100001",
                "c1",
                settings.kafka_bootstrap_servers,
                settings.topics,
            )
            sandbox.state.tokens.revoke_all()  # e.g. the user withdrew the app's access
            sandbox.state.sandbox.clock.advance(601)
            clock.advance(601)
            with pytest.raises(AssertionError, match="reauthorization_required"):
                await rig.sync(SyncMode.FULL)
            state = await app.state.connector.pool.fetchval(
                "SELECT state FROM connections WHERE id = 'c1'"
            )

            healed = await connector.put(
                "/v1/connections/c1",
                json={"code": await authorize(sandbox_url), "tenant_id": "conformance"},
                headers=OPERATOR,
            )
            result = await rig.sync(SyncMode.FULL)
    assert state == "reauthorization_required"
    assert healed.json() == {"id": "c1", "state": "active", "tenant_id": "conformance"}
    assert len(result.upserts[EntityType.GL_ACCOUNT]) == 60
