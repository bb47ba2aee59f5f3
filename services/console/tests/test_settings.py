"""The console's settings: what a deployment must and need not give it."""

from __future__ import annotations

import pytest

from ledgerbus_console.core.config import Settings


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
