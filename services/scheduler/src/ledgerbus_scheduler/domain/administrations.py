"""An administration as the scheduler registers it, with its validation rules."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Self

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ledgerbus_contracts import Package

ID_PATTERN = r"^[A-Za-z0-9_.-]{1,100}$"


class AdministrationFields(BaseModel):
    """The settable fields; every one optional so PATCH can reuse the rules."""

    model_config = ConfigDict(extra="forbid")

    tenant_id: str | None = Field(default=None, min_length=1, max_length=100)
    package: Package | None = None
    connection_id: str | None = None
    external_id: str | None = Field(default=None, min_length=1, max_length=100)
    name: str | None = Field(default=None, min_length=1, max_length=300)
    timezone: str | None = None
    nightly_window_start: dt.time | None = None
    nightly_window_end: dt.time | None = None
    sync_from: dt.date | None = None
    enabled: bool | None = None
    last_full_sync_connector_version: str | None = Field(default=None, max_length=100)

    @field_validator("timezone")
    @classmethod
    def known_timezone(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                zoneinfo.ZoneInfo(value)
            except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
                raise ValueError(f"unknown timezone {value!r} (use an IANA name)") from exc
        return value

    @model_validator(mode="after")
    def window_in_order(self) -> Self:
        start, end = self.nightly_window_start, self.nightly_window_end
        if start is not None and end is not None and end <= start:
            raise ValueError(f"the nightly window ends ({end}) before it starts ({start})")
        return self


class AdministrationCreate(AdministrationFields):
    """A new administration: id, tenant, package, external id and name are required."""

    id: str = Field(pattern=ID_PATTERN)
    tenant_id: str = Field(min_length=1, max_length=100)
    package: Package
    external_id: str = Field(min_length=1, max_length=100)
    name: str = Field(min_length=1, max_length=300)
    timezone: str = "Europe/Amsterdam"
    nightly_window_start: dt.time = dt.time(1, 0)
    nightly_window_end: dt.time = dt.time(5, 0)
    enabled: bool = True
