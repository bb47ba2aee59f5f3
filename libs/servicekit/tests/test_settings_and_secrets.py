from __future__ import annotations

import logging

import pytest
from pydantic import SecretStr, ValidationError

from ledgerbus_servicekit.auth import authenticate
from ledgerbus_servicekit.crypto import SecretBox
from ledgerbus_servicekit.logging import RedactingFilter, redact
from ledgerbus_servicekit.settings import ServiceSettings


def test_production_refuses_the_development_operator_token() -> None:
    with pytest.raises(ValidationError, match="OPERATOR_TOKEN is the development token"):
        ServiceSettings.model_validate({"LEDGERBUS_ENV": "production"})
    settings = ServiceSettings.model_validate(
        {
            "LEDGERBUS_ENV": "production",
            "operator_token": "real-token",
            "encryption_key": SecretBox.generate_key(),
            "database_url": "postgresql://app:real@db.internal:5432/ledgerbus",
        }
    )
    assert settings.environment == "production"


@pytest.mark.parametrize("environment", ["test", "production"])
def test_only_local_mode_accepts_the_development_token_and_key(environment: str) -> None:
    with pytest.raises(ValidationError, match=r"OPERATOR_TOKEN.*LEDGERBUS_ENV=local"):
        ServiceSettings.model_validate({"LEDGERBUS_ENV": environment})
    with pytest.raises(ValidationError, match=r"ENCRYPTION_KEY.*LEDGERBUS_ENV=local"):
        ServiceSettings.model_validate(
            {"LEDGERBUS_ENV": environment, "operator_token": "real-token"}
        )
    local = ServiceSettings.model_validate({"LEDGERBUS_ENV": "local"})
    assert local.operator_token.get_secret_value() == "dev-operator-token"


def test_tokens_map_to_operator_or_one_tenant() -> None:
    settings = ServiceSettings(tenant_tokens={"tok-a": "tenant-a"})
    operator = authenticate(settings, "dev-operator-token")
    tenant = authenticate(settings, "tok-a")
    assert operator is not None and operator.is_operator
    assert tenant is not None and tenant.may_see("tenant-a") and not tenant.may_see("tenant-b")
    assert authenticate(settings, "nope") is None


def test_secrets_are_encrypted_at_rest_and_never_print() -> None:
    box = SecretBox(SecretStr(SecretBox.generate_key()))
    ciphertext = box.encrypt("refresh-123")
    assert b"refresh-123" not in ciphertext
    secret = box.decrypt(ciphertext)
    assert secret.get_secret_value() == "refresh-123"
    assert "refresh-123" not in repr(secret)
    with pytest.raises(ValueError, match="cannot be decrypted"):
        SecretBox(SecretStr(SecretBox.generate_key())).decrypt(ciphertext)


def test_logs_mask_credentials() -> None:
    assert redact("Authorization: Bearer abc.def") == "Authorization: Bearer ***"
    assert redact("refresh_token=xyz&grant_type=refresh_token") == (
        "refresh_token=***&grant_type=refresh_token"
    )
    record = logging.LogRecord(
        "x", logging.INFO, "f", 1, "got %s", ('{"access_token": "s3"}',), None
    )
    RedactingFilter().filter(record)
    assert "s3" not in record.getMessage()


def test_outside_local_mode_every_development_default_is_refused_by_name() -> None:
    from ledgerbus_connector_exact.core.config import Settings as ExactSettings
    from ledgerbus_connector_snelstart.core.config import Settings as SnelStartSettings
    from ledgerbus_connector_twinfield.core.config import Settings as TwinfieldSettings

    real = {
        "LEDGERBUS_ENV": "production",
        "operator_token": "real-token",
        "encryption_key": SecretBox.generate_key(),
    }
    with pytest.raises(ValidationError, match=r"DATABASE_URL still have their development"):
        ServiceSettings.model_validate(real)
    real["database_url"] = "postgresql://app:real@db.internal:5432/ledgerbus"
    for settings, variable in (
        (ExactSettings, "EXACT_CLIENT_SECRET"),
        (TwinfieldSettings, "TWINFIELD_CLIENT_SECRET"),
        (SnelStartSettings, "SNELSTART_SUBSCRIPTION_KEY"),
    ):
        with pytest.raises(ValidationError, match=variable):
            settings.model_validate(real)
        assert settings.model_validate({**real, variable: "from-the-vendor"})
        assert settings.model_validate({"LEDGERBUS_ENV": "local"})
