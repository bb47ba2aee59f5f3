"""Settings every service shares, read from the environment with pydantic-settings."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from ledgerbus_contracts import Topics
from ledgerbus_servicekit.db_tls import DatabaseSslMode, with_tls
from ledgerbus_servicekit.kafka.security import KafkaSecurity, SaslMechanism, SecurityProtocol

DEV_OPERATOR_TOKEN = "dev-operator-token"  # noqa: S105 - the documented local-mode token
DEV_ENCRYPTION_KEY = "bGVkZ2VyYnVzLWxvY2FsLWRldmVsb3BtZW50LWtleSE="
DEVELOPMENT_DEFAULT: dict[str, Any] = {"development_default": True}
"""``json_schema_extra`` of a field whose default only local mode may keep (a demo secret,
the local database's password): any other environment refuses to start with it."""


class ServiceSettings(BaseSettings):
    """Kafka, PostgreSQL, topics, API tokens, encryption and telemetry settings.

    Only ``LEDGERBUS_ENV=local`` may use the development operator token and
    encryption key; any other environment refuses to start with either.
    """

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    service_name: str = "ledgerbus"
    environment: Literal["local", "test", "production"] = Field(
        default="local", validation_alias="LEDGERBUS_ENV"
    )
    host: str = Field(default="127.0.0.1", validation_alias="LEDGERBUS_HOST")
    kafka_bootstrap_servers: str = "127.0.0.1:9092"
    kafka_security_protocol: SecurityProtocol = "PLAINTEXT"
    kafka_sasl_mechanism: SaslMechanism = "SCRAM-SHA-512"
    kafka_sasl_username: str | None = None
    kafka_sasl_password: SecretStr | None = None
    kafka_ssl_cafile: str | None = Field(
        default=None, description="CA bundle to verify the brokers; default the system's"
    )
    kafka_ssl_certfile: str | None = Field(default=None, description="client certificate (mTLS)")
    kafka_ssl_keyfile: str | None = Field(default=None, description="client key (mTLS)")
    topic_prefix: str = ""
    topic_partitions: int = Field(default=6, ge=1)
    topic_replication_factor: int = Field(default=1, ge=1)
    topic_retention_ms: int = Field(default=7 * 24 * 3600 * 1000, ge=-1)
    database_url: str = Field(
        default="postgresql://ledgerbus:ledgerbus@127.0.0.1:5432/ledgerbus",
        json_schema_extra=DEVELOPMENT_DEFAULT,
    )
    database_schema: str = Field(default="public", pattern=r"^[a-z_][a-z0-9_]{0,62}$")
    database_pool_size: int = Field(default=10, ge=1)
    database_sslmode: DatabaseSslMode | None = Field(
        default=None, description="libpq's sslmode; overrides one in DATABASE_URL"
    )
    database_sslrootcert: str | None = Field(
        default=None, description="CA file that signed the server's certificate"
    )
    operator_token: SecretStr = SecretStr(DEV_OPERATOR_TOKEN)
    tenant_tokens: dict[str, str] = Field(
        default_factory=dict, description="API token -> the one tenant it may see"
    )
    encryption_key: SecretStr = SecretStr(DEV_ENCRYPTION_KEY)
    otel_exporter: Literal["none", "console", "otlp", "zipkin"] = "none"
    otel_endpoint: str | None = None
    consumer_max_retries: int = Field(default=3, ge=0)
    consumer_batch_size: int = Field(default=500, ge=1)
    gc_young_threshold: int = Field(
        default=0, ge=0, description="Allocations between young collections; 0: Python's"
    )

    @property
    def topics(self) -> Topics:
        """Physical topic names for this environment."""
        return Topics(self.topic_prefix)

    @property
    def kafka_security(self) -> KafkaSecurity:
        """How the Kafka clients authenticate and encrypt."""
        return KafkaSecurity(
            protocol=self.kafka_security_protocol,
            sasl_mechanism=self.kafka_sasl_mechanism,
            username=self.kafka_sasl_username,
            password=self.kafka_sasl_password,
            ca_file=self.kafka_ssl_cafile,
            cert_file=self.kafka_ssl_certfile,
            key_file=self.kafka_ssl_keyfile,
        )

    @property
    def database_dsn(self) -> str:
        """``DATABASE_URL`` with ``DATABASE_SSLMODE`` and ``DATABASE_SSLROOTCERT`` applied."""
        return with_tls(self.database_url, self.database_sslmode, self.database_sslrootcert)

    @model_validator(mode="after")
    def _refuse_incomplete_kafka_security(self) -> ServiceSettings:
        problems = self.kafka_security.problems()
        if problems:
            raise ValueError("; ".join(problems))
        return self

    @model_validator(mode="after")
    def _refuse_development_secrets_outside_local(self) -> ServiceSettings:
        if self.environment == "local":
            return self
        if self.operator_token.get_secret_value() == DEV_OPERATOR_TOKEN:
            raise ValueError(
                f"OPERATOR_TOKEN is the development token, which only LEDGERBUS_ENV=local"
                f" accepts (LEDGERBUS_ENV={self.environment}); set a real OPERATOR_TOKEN"
            )
        if self.encryption_key.get_secret_value() == DEV_ENCRYPTION_KEY:
            raise ValueError(
                f"ENCRYPTION_KEY is the development key, which only LEDGERBUS_ENV=local"
                f" accepts (LEDGERBUS_ENV={self.environment}); set a real ENCRYPTION_KEY"
            )
        kept = self._development_defaults_kept()
        if kept:
            raise ValueError(
                f"{', '.join(kept)} still have their development defaults, which only"
                f" LEDGERBUS_ENV=local accepts (LEDGERBUS_ENV={self.environment}); set them"
            )
        return self

    def _development_defaults_kept(self) -> list[str]:
        """The variables of fields marked :data:`DEVELOPMENT_DEFAULT` still at their default."""
        kept = []
        for name, field in type(self).model_fields.items():
            extra = field.json_schema_extra
            if not (isinstance(extra, dict) and extra.get("development_default")):
                continue
            value, default = getattr(self, name), field.default
            if isinstance(value, SecretStr):
                value = value.get_secret_value()
            if isinstance(default, SecretStr):
                default = default.get_secret_value()
            if value == default:
                alias = field.validation_alias
                kept.append(alias if isinstance(alias, str) else name.upper())
        return kept
