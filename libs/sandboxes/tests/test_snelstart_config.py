"""The SnelStart sandbox's settings from the environment: the number of administrations."""

from __future__ import annotations

from decimal import Decimal

import httpx
import pytest

from ledgerbus_contracts import EntityType
from ledgerbus_sandboxes.snelstart import SnelStartSandboxConfig, create_app
from ledgerbus_sandboxes.snelstart.app import DEFAULT_ADMINISTRATIONS, numbered_administrations


def test_two_administrations_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SNELSTART_SANDBOX_ADMINISTRATIONS", raising=False)
    monkeypatch.delenv("SNELSTART_SANDBOX_TRANSACTION_LINES", raising=False)
    config = SnelStartSandboxConfig.from_env()
    assert config == SnelStartSandboxConfig()
    assert config.administrations == DEFAULT_ADMINISTRATIONS


async def test_more_administrations_each_with_its_key_and_balanced_lines(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SNELSTART_SANDBOX_ADMINISTRATIONS", "3")
    monkeypatch.setenv("SNELSTART_SANDBOX_TRANSACTION_LINES", "40")
    config = SnelStartSandboxConfig.from_env()
    third = "00000000-0000-4000-8000-000000000003"
    assert list(config.administrations)[2] == third
    assert config.administrations[third] == ("Administratie 3 BV", "demo-clientkey-3")
    app = create_app(config)
    administrations = app.state.sandbox.data.administrations
    assert list(administrations) == list(config.administrations)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://snelstart") as client:
        for key, administration in administrations.items():
            assert administration.counts()[EntityType.TRANSACTION_LINE.value] == 40
            balance = (await client.get(f"/_sandbox/administrations/{key}/trial-balance")).json()
            assert Decimal(balance["balance"]) == 0
        # the third administration's client key gets a token
        token = await client.post(
            "/b2b/token", data={"grant_type": "clientkey", "clientkey": "demo-clientkey-3"}
        )
        assert token.status_code == 200, token.text


def test_one_administration_and_no_fewer() -> None:
    assert len(numbered_administrations(1)) == 1
    with pytest.raises(ValueError, match="at least one administration"):
        numbered_administrations(0)
