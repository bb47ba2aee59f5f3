"""The ledger-store's settings (environment variables, see ServiceSettings)."""

from __future__ import annotations

from pydantic import Field

from ledgerbus_servicekit import ServiceSettings


class Settings(ServiceSettings):
    service_name: str = "ledger-store"
    database_schema: str = "ledger_store"
    port: int = Field(default=8002, validation_alias="LEDGER_STORE_PORT")
    mass_deletion_threshold: float = Field(
        default=0.30,
        ge=0,
        le=1,
        description="A snapshot that would delete more than this share of one type is held",
    )
    # Decoding pages makes many short-lived objects and no lasting reference cycles: full
    # collections cost a quarter of the CPU with Python's defaults, and memory stays flat
    # without them (make bench). A connector's memory grows with it, so it keeps the defaults.
    gc_young_threshold: int = Field(default=50_000, ge=0)
    decode_workers: int = Field(
        default=2,
        ge=0,
        description="Worker processes that validate and encode pages of upserts (0: in-process)",
    )
