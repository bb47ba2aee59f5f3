"""connector-eaccounting's settings (environment variables, see ServiceSettings)."""

from __future__ import annotations

from pydantic import Field, SecretStr

from ledgerbus_connectorkit.settings import ConnectorSettings
from ledgerbus_servicekit.settings import DEVELOPMENT_DEFAULT


class Settings(ConnectorSettings):
    service_name: str = "connector-eaccounting"
    database_schema: str = "connector_eaccounting"
    port: int = Field(default=8014, validation_alias="CONNECTOR_EACCOUNTING_PORT")
    eaccounting_base_url: str = Field(
        default="http://127.0.0.1:8094",
        validation_alias="EACCOUNTING_BASE_URL",
        description="The API host; production is https://eaccountingapi.vismaonline.com",
    )
    eaccounting_identity_url: str | None = Field(
        default=None,
        validation_alias="EACCOUNTING_IDENTITY_URL",
        description="The identity server (production https://identity.vismaonline.com);"
        " default the API host",
    )
    eaccounting_client_id: str = Field(
        default="ledgerbus-demo", validation_alias="EACCOUNTING_CLIENT_ID"
    )
    eaccounting_client_secret: SecretStr = Field(
        default=SecretStr("demo-secret"),
        validation_alias="EACCOUNTING_CLIENT_SECRET",
        json_schema_extra=DEVELOPMENT_DEFAULT,
    )
    eaccounting_redirect_uri: str = Field(
        default="http://127.0.0.1:8014/v1/connections/callback",
        validation_alias="EACCOUNTING_REDIRECT_URI",
    )
