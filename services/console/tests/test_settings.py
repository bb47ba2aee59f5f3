"""The console's settings: what a deployment must and need not give it."""

from __future__ import annotations

import pytest

from ledgerbus_console.core.config import Settings
from ledgerbus_contracts import declared_packages


def test_production_starts_without_the_secrets_the_console_never_reads(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("OPERATOR_TOKEN", "ENCRYPTION_KEY", "DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LEDGERBUS_ENV", "production")
    monkeypatch.setenv("SERVICE_URLS", '{"scheduler": "http://ledgerbus-scheduler:8001"}')
    settings = Settings()
    assert settings.environment == "production"
    assert settings.service_urls == {"scheduler": "http://ledgerbus-scheduler:8001"}


def test_an_incomplete_kafka_security_is_still_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEDGERBUS_ENV", "production")
    monkeypatch.setenv("KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
    with pytest.raises(ValueError, match="SASL"):
        Settings()


def test_by_default_each_declared_package_connector_is_reached_at_its_port(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("SERVICE_URLS", raising=False)
    monkeypatch.setenv("CONNECTOR_TWINFIELD_PORT", "18012")
    urls = Settings().service_urls
    for package in declared_packages().values():
        assert package.service in urls
    assert urls["connector-twinfield"] == "http://127.0.0.1:18012"
    assert urls["connector-exact"] == "http://127.0.0.1:8011"
    assert urls["scheduler"] == "http://127.0.0.1:8001"
