"""The Twinfield sandbox's settings from the environment: the number of offices."""

from __future__ import annotations

from decimal import Decimal

import httpx
import pytest

from ledgerbus_contracts import EntityType
from ledgerbus_sandboxes.twinfield import TwinfieldSandboxConfig, create_app
from ledgerbus_sandboxes.twinfield.app import DEFAULT_OFFICES, numbered_offices


def test_two_offices_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TWINFIELD_SANDBOX_OFFICES", raising=False)
    monkeypatch.delenv("TWINFIELD_SANDBOX_TRANSACTION_LINES", raising=False)
    config = TwinfieldSandboxConfig.from_env()
    assert config == TwinfieldSandboxConfig()
    assert config.offices == DEFAULT_OFFICES


async def test_more_offices_each_with_its_own_balanced_lines(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TWINFIELD_SANDBOX_OFFICES", "4")
    monkeypatch.setenv("TWINFIELD_SANDBOX_TRANSACTION_LINES", "40")
    config = TwinfieldSandboxConfig.from_env()
    assert list(config.offices) == ["NLA000001", "NLA000002", "NLA000003", "NLA000004"]
    assert config.offices["NLA000004"] == "Administratie 4 BV"
    app = create_app(config)
    administrations = app.state.sandbox.data.administrations
    assert list(administrations) == list(config.offices)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://twinfield") as client:
        for key, administration in administrations.items():
            assert administration.counts()[EntityType.TRANSACTION_LINE.value] == 40
            balance = (await client.get(f"/_sandbox/administrations/{key}/trial-balance")).json()
            assert Decimal(balance["balance"]) == 0


def test_one_office_and_no_fewer() -> None:
    assert numbered_offices(1) == {"NLA000001": "Demo Twinfield BV"}
    with pytest.raises(ValueError, match="at least one office"):
        numbered_offices(0)
