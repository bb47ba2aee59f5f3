"""The eAccounting sandbox's settings from the environment: the number of companies."""

from __future__ import annotations

from decimal import Decimal

import httpx
import pytest

from ledgerbus_contracts import EntityType
from ledgerbus_sandboxes.eaccounting import EAccountingSandboxConfig, create_app
from ledgerbus_sandboxes.eaccounting.config import DEFAULT_COMPANIES, numbered_companies
from ledgerbus_sandboxes.eaccounting.testing import issue_tokens


def test_one_company_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("EACCOUNTING_SANDBOX_COMPANIES", raising=False)
    assert EAccountingSandboxConfig.from_env().companies == DEFAULT_COMPANIES
    assert EAccountingSandboxConfig().companies == DEFAULT_COMPANIES


async def test_more_companies_each_with_its_own_balanced_lines(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("EACCOUNTING_SANDBOX_COMPANIES", "3")
    monkeypatch.setenv("EACCOUNTING_SANDBOX_TRANSACTION_LINES", "40")
    config = EAccountingSandboxConfig.from_env()
    assert list(config.companies) == ["demo-eaccounting", "company-00002", "company-00003"]
    app = create_app(config)
    administrations = app.state.sandbox.data.administrations
    assert list(administrations) == list(config.companies)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://eaccounting") as client:
        for key, administration in administrations.items():
            assert administration.counts()[EntityType.TRANSACTION_LINE.value] == 40
            balance = (await client.get(f"/_sandbox/administrations/{key}/trial-balance")).json()
            assert Decimal(balance["balance"]) == 0
            # a login may pick the company; its token opens that company's settings
            tokens = await issue_tokens(client, config, company=key)
            settings = await client.get(
                "/v2/companysettings",
                headers={"Authorization": f"Bearer {tokens['access_token']}"},
            )
            assert settings.json()["CompanyIdentifier"] == key


def test_one_company_and_no_fewer() -> None:
    assert numbered_companies(1) == DEFAULT_COMPANIES
    with pytest.raises(ValueError, match="at least one company"):
        numbered_companies(0)
