"""The notifier's settings (environment variables, see ServiceSettings)."""

from __future__ import annotations

from pydantic import Field, SecretStr

from ledgerbus_servicekit import ServiceSettings


class Settings(ServiceSettings):
    """SMTP, delivery retries and storm control, on top of the shared settings."""

    service_name: str = "notifier"
    database_schema: str = "notifier"
    port: int = Field(default=8003, validation_alias="NOTIFIER_PORT")

    smtp_host: str = Field(default="127.0.0.1", validation_alias="SMTP_HOST")
    smtp_port: int = Field(default=1025, validation_alias="SMTP_PORT")
    smtp_tls: bool = Field(default=False, validation_alias="SMTP_TLS", description="implicit TLS")
    smtp_starttls: bool = Field(default=False, validation_alias="SMTP_STARTTLS")
    smtp_username: str | None = Field(default=None, validation_alias="SMTP_USERNAME")
    smtp_password: SecretStr | None = Field(default=None, validation_alias="SMTP_PASSWORD")
    smtp_timeout_seconds: float = Field(default=30.0, gt=0)
    mail_from: str = Field(default="ledgerbus <notifier@ledgerbus.local>")
    message_id_domain: str = Field(default="notifier.ledgerbus.local")

    delivery_poll_seconds: float = Field(default=1.0, gt=0, description="outbox poll interval")
    delivery_batch_size: int = Field(default=50, ge=1)
    delivery_lease_seconds: float = Field(
        default=300.0, gt=0, description="a claimed mail not recorded by then is sent again"
    )
    smtp_attempts: int = Field(default=3, ge=1, description="quick attempts per delivery round")
    smtp_retry_wait_seconds: float = Field(default=1.0, ge=0, description="first quick backoff")
    smtp_retry_max_wait_seconds: float = Field(default=10.0, ge=0)
    requeue_base_seconds: float = Field(
        default=30.0, ge=0, description="after a failed round: wait this, doubling per round"
    )
    requeue_max_seconds: float = Field(default=600.0, ge=0)

    storm_threshold: int = Field(
        default=10, ge=1, description="more failures than this for one recipient → a digest"
    )
    storm_window_seconds: float = Field(default=3600.0, gt=0)
    digest_delay_seconds: float = Field(
        default=900.0, ge=0, description="how long held failures gather before the digest"
    )
