"""The scheduler's default connector URLs cover every declared package."""

from __future__ import annotations

from pathlib import Path

import pytest

from ledgerbus_contracts.testing import declaration_source, distribution_declaring
from ledgerbus_scheduler.core.config import Settings

DECLARATION = declaration_source(entity_types=("gl_account",))


def test_a_declared_package_gets_a_local_connector_url(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CONNECTOR_URLS", raising=False)
    monkeypatch.setenv("CONNECTOR_TWINFIELD_PORT", "18012")
    with distribution_declaring(tmp_path, "abacus", DECLARATION):
        urls = Settings().connector_urls
    assert urls["abacus"] == "http://127.0.0.1:8019"
    assert urls["exact"] == "http://127.0.0.1:8011"
    assert urls["twinfield"] == "http://127.0.0.1:18012"
