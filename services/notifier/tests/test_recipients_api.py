"""The recipients API: validated addresses, tenant defaults and language, tenant isolation."""

from __future__ import annotations

from collections.abc import Callable

from ledgerbus_notifier.core.config import Settings
from ledgerbus_notifier.main import create_app
from ledgerbus_servicekit.testing import running_app

OPERATOR = {"Authorization": "Bearer dev-operator-token"}
TENANT_A = {"Authorization": "Bearer token-a"}


async def test_recipients_are_stored_and_fall_back_to_the_tenant_defaults(
    service_settings: Callable[..., Settings],
) -> None:
    settings = service_settings(Settings, tenant_tokens={"token-a": "tenant-a"})
    async with running_app(create_app(settings)) as client:
        url = "/v1/administrations/adm-1/recipients"
        assert (await client.get(url, headers=OPERATOR)).status_code == 404

        put = await client.put(
            url,
            headers=TENANT_A,
            json={"administration_name": "Demo BV", "clients": ["Client@Example.org"]},
        )
        assert put.status_code == 200, put.text
        assert put.json()["tenant_id"] == "tenant-a"
        assert put.json()["clients"] == ["Client@example.org"]
        assert put.json()["effective_administrators"] == []
        assert put.json()["language"] == "nl"

        tenant = await client.put(
            "/v1/tenants/tenant-a/recipients",
            headers=TENANT_A,
            json={"administrators": ["boss@example.org"], "language": "en"},
        )
        assert tenant.status_code == 200, tenant.text
        got = (await client.get(url, headers=OPERATOR)).json()
        assert got["effective_administrators"] == ["boss@example.org"]
        assert got["language"] == "en"

        await client.put(url, headers=TENANT_A, json={"administrators": ["own@example.org"]})
        got = (await client.get(url, headers=TENANT_A)).json()
        assert got["effective_administrators"] == ["own@example.org"]


async def test_a_bad_address_is_a_422_naming_it(service_settings: Callable[..., Settings]) -> None:
    async with running_app(create_app(service_settings(Settings))) as client:
        response = await client.put(
            "/v1/administrations/adm-1/recipients",
            headers=OPERATOR,
            json={"tenant_id": "t", "administrators": ["ok@example.org", "not-an-address"]},
        )
        assert response.status_code == 422
        assert "not-an-address" in response.text
        tenant = await client.put(
            "/v1/tenants/t/recipients",
            headers=OPERATOR,
            json={"administrators": ["x@@example.org"], "language": "de"},
        )
        assert tenant.status_code == 422
        assert "x@@example.org" in tenant.text and "language" in tenant.text


async def test_tenants_see_only_their_own_recipients(
    service_settings: Callable[..., Settings],
) -> None:
    settings = service_settings(
        Settings, tenant_tokens={"token-a": "tenant-a", "token-b": "tenant-b"}
    )
    async with running_app(create_app(settings)) as client:
        url = "/v1/administrations/adm-b/recipients"
        await client.put(url, headers={"Authorization": "Bearer token-b"}, json={})
        assert (await client.get(url, headers=TENANT_A)).status_code == 404
        assert (await client.put(url, headers=TENANT_A, json={})).status_code == 404
        foreign = await client.put(
            "/v1/administrations/x/recipients", headers=TENANT_A, json={"tenant_id": "tenant-b"}
        )
        assert foreign.status_code == 403
        missing_tenant = await client.put(url, headers=OPERATOR, json={})
        assert missing_tenant.status_code == 422
        assert (await client.get(url)).status_code == 401
