"""connector-twinfield's settings (environment variables, see ServiceSettings)."""

from __future__ import annotations

from pydantic import Field, SecretStr

from ledgerbus_connectorkit.settings import ConnectorSettings
from ledgerbus_servicekit.settings import DEVELOPMENT_DEFAULT


class Settings(ConnectorSettings):
    service_name: str = "connector-twinfield"
    database_schema: str = "connector_twinfield"
    port: int = Field(default=8012, validation_alias="CONNECTOR_TWINFIELD_PORT")
    twinfield_login_url: str = Field(
        default="http://127.0.0.1:8092",
        validation_alias="TWINFIELD_BASE_URL",
        description="The OpenID Connect host (production https://login.twinfield.com)",
    )
    twinfield_client_id: str = Field(
        default="ledgerbus-demo", validation_alias="TWINFIELD_CLIENT_ID"
    )
    twinfield_client_secret: SecretStr = Field(
        default=SecretStr("demo-secret"),
        validation_alias="TWINFIELD_CLIENT_SECRET",
        json_schema_extra=DEVELOPMENT_DEFAULT,
    )
    twinfield_redirect_uri: str = Field(
        default="http://127.0.0.1:8012/v1/connections/callback",
        validation_alias="TWINFIELD_REDIRECT_URI",
    )
