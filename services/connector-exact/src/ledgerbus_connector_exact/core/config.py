from __future__ import annotations

from pydantic import Field, SecretStr

from ledgerbus_connectorkit.settings import ConnectorSettings
from ledgerbus_servicekit.settings import DEVELOPMENT_DEFAULT


class Settings(ConnectorSettings):
    service_name: str = "connector-exact"
    database_schema: str = "connector_exact"
    port: int = Field(default=8011, validation_alias="CONNECTOR_EXACT_PORT")
    exact_base_url: str = Field(default="http://127.0.0.1:8091", validation_alias="EXACT_BASE_URL")
    exact_client_id: str = Field(default="ledgerbus-demo", validation_alias="EXACT_CLIENT_ID")
    exact_client_secret: SecretStr = Field(
        default=SecretStr("demo-secret"),
        validation_alias="EXACT_CLIENT_SECRET",
        json_schema_extra=DEVELOPMENT_DEFAULT,
    )
    exact_redirect_uri: str = Field(
        default="http://127.0.0.1:8011/v1/connections/callback",
        validation_alias="EXACT_REDIRECT_URI",
    )
    daily_call_reserve: int = Field(
        default=10, ge=0, description="Daily calls left untouched; the sync pauses at this level"
    )
    refresh_interval_seconds: float = Field(
        default=570.0, description="Exact allows one token refresh per 570 s per connection"
    )
