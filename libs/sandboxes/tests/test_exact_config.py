"""The Exact sandbox's settings from the environment: the number of divisions."""

from __future__ import annotations

import pytest

from ledgerbus_contracts import EntityType
from ledgerbus_sandboxes.exact import ExactSandboxConfig, create_app
from ledgerbus_sandboxes.exact.config import DEFAULT_DIVISIONS, numbered_divisions


def test_two_divisions_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("EXACT_SANDBOX_DIVISIONS", raising=False)
    assert ExactSandboxConfig.from_env().divisions == DEFAULT_DIVISIONS
    assert ExactSandboxConfig().divisions == DEFAULT_DIVISIONS


def test_extra_divisions_follow_the_default_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EXACT_SANDBOX_DIVISIONS", "4")
    monkeypatch.setenv("EXACT_SANDBOX_TRANSACTION_LINES", "40")
    config = ExactSandboxConfig.from_env()
    assert list(config.divisions) == [100001, 100002, 100003, 100004]
    assert config.divisions[100001] == "Demo Exact BV"
    assert config.divisions[100004] == "Administratie 4 BV"
    administrations = create_app(config).state.sandbox.data.administrations
    assert sorted(administrations) == ["100001", "100002", "100003", "100004"]
    # every division has its own lines of the configured size
    lines = {
        key: administration.counts()[EntityType.TRANSACTION_LINE.value]
        for key, administration in administrations.items()
    }
    assert set(lines.values()) == {40}


def test_one_division_and_no_fewer() -> None:
    assert numbered_divisions(1) == {100001: "Demo Exact BV"}
    with pytest.raises(ValueError, match="at least one division"):
        numbered_divisions(0)
