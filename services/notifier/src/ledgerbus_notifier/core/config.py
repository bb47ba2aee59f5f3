from __future__ import annotations

from pydantic import Field

from ledgerbus_servicekit import ServiceSettings


class Settings(ServiceSettings):
    service_name: str = "notifier"
    database_schema: str = "notifier"
    port: int = Field(default=8003, validation_alias="NOTIFIER_PORT")
