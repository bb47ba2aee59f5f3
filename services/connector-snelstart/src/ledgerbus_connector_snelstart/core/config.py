"""connector-snelstart's settings (environment variables, see ServiceSettings)."""

from __future__ import annotations

from pydantic import Field, SecretStr

from ledgerbus_connectorkit.settings import ConnectorSettings
from ledgerbus_servicekit.settings import DEVELOPMENT_DEFAULT


class Settings(ConnectorSettings):
    service_name: str = "connector-snelstart"
    database_schema: str = "connector_snelstart"
    port: int = Field(default=8013, validation_alias="CONNECTOR_SNELSTART_PORT")
    snelstart_base_url: str = Field(
        default="http://127.0.0.1:8093",
        validation_alias="SNELSTART_BASE_URL",
        description="The API host; production is https://b2bapi.snelstart.nl",
    )
    snelstart_auth_url: str | None = Field(
        default=None,
        validation_alias="SNELSTART_AUTH_URL",
        description="The token host (production https://auth.snelstart.nl); default the API host",
    )
    snelstart_subscription_key: SecretStr = Field(
        default=SecretStr("demo-subscription-key"),
        validation_alias="SNELSTART_SUBSCRIPTION_KEY",
        json_schema_extra=DEVELOPMENT_DEFAULT,
    )
