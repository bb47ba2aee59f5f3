"""Token refresh against the Twinfield sandbox and PostgreSQL: a refused refresh token marks
the connection for re-authorisation (and the mark is committed); a refused access token is
refreshed once even while its stored expiry says it is still valid."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

import asyncpg
import httpx
import pytest
from pydantic import SecretStr

from ledgerbus_connector_twinfield.core.config import Settings
from ledgerbus_connector_twinfield.testing import twinfield_rig
from ledgerbus_connector_twinfield.twinfield.oauth import OIDC, Tokens
from ledgerbus_connectorkit.repository import ConnectionRepository
from ledgerbus_connectorkit.testing import ConformanceRig
from ledgerbus_contracts import EntityType, SyncMode
from ledgerbus_servicekit import ServiceSettings
from ledgerbus_servicekit.crypto import SecretBox

pytestmark = pytest.mark.integration
TOKEN_ENDPOINT = f"POST {OIDC}/token"


@asynccontextmanager
async def connector_db(
    service_settings: Callable[..., ServiceSettings],
) -> AsyncIterator[tuple[asyncpg.Connection, ConnectionRepository]]:
    """The connector's own schema (the one ``twinfield_rig`` made) and its repository."""
    settings: Settings = service_settings(Settings)  # type: ignore[assignment]
    conn = await asyncpg.connect(
        settings.database_url, server_settings={"search_path": settings.database_schema}
    )
    try:
        yield conn, ConnectionRepository(SecretBox(settings.encryption_key))
    finally:
        await conn.close()


async def answered(rig: ConformanceRig) -> tuple[int, int]:
    """(refreshes, 401s): the token endpoint's 200s after the code's, and SOAP 401s."""
    async with httpx.AsyncClient(base_url=rig.sandbox_url) as sandbox:
        endpoints: dict[str, dict[str, int]] = (await sandbox.get("/_sandbox/stats")).json()[
            "endpoints"
        ]
    refused = sum(counts.get("401", 0) for counts in endpoints.values())
    return endpoints.get(TOKEN_ENDPOINT, {}).get("200", 0) - 1, refused


async def test_a_refused_refresh_token_leaves_the_connection_marked(
    service_settings: Callable[..., ServiceSettings],
) -> None:
    async with (
        twinfield_rig(service_settings) as (rig, _),
        connector_db(service_settings) as (conn, repository),
    ):
        expired = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
        unknown = Tokens(SecretStr("expired"), SecretStr("revoked-by-the-user"), expired)
        await repository.save_tokens(conn, rig.connection_id, unknown)
        with pytest.raises(AssertionError, match="reauthorization_required"):
            await rig.sync(SyncMode.FULL)
        state = await conn.fetchval(
            "SELECT state FROM connections WHERE id = $1", rig.connection_id
        )
    assert state == "reauthorization_required"


async def test_a_401_on_an_unexpired_token_refreshes_once_and_the_call_succeeds(
    service_settings: Callable[..., ServiceSettings],
) -> None:
    async with (
        twinfield_rig(service_settings) as (rig, _),
        connector_db(service_settings) as (conn, repository),
    ):
        before = await repository.get(conn, rig.connection_id)
        assert before is not None and before.expires_at > dt.datetime.now(dt.UTC)
        async with httpx.AsyncClient(base_url=rig.sandbox_url) as sandbox:
            queued = await sandbox.post(
                "/_sandbox/faults", json={"status": 401, "path_contains": "/webservices/"}
            )
            assert queued.status_code == 201, queued.text
        result = await rig.sync(SyncMode.FULL)
        after = await repository.get(conn, rig.connection_id)
        refreshed, refused = await answered(rig)
    assert result.upserts[EntityType.GL_ACCOUNT]
    assert (refreshed, refused) == (1, 1)
    assert after is not None
    assert after.access_token.get_secret_value() != before.access_token.get_secret_value()
