"""An administration as the scheduler registers it, with its validation rules.

Ids follow :mod:`ledgerbus_servicekit.inputs` (1-100 letters, digits, '_', '-', '.');
the nightly window's times are local to the administration's timezone and take no
zone (a zone is refused, never dropped); booleans are JSON booleans.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Annotated, Any, Self

from pydantic import BaseModel, ConfigDict, Field, StrictBool, field_validator, model_validator

from ledgerbus_contracts import Package
from ledgerbus_servicekit.inputs import Identifier, LocalTime, SafeDate

PRINTABLE = r"^[^\x00-\x1f\x7f]+$"
"""No control characters (NUL, newlines, ...)."""

Text100 = Annotated[str, Field(min_length=1, max_length=100, pattern=PRINTABLE)]
Name = Annotated[str, Field(min_length=1, max_length=300)]
Timezone = Annotated[str, Field(min_length=1, max_length=64, description="An IANA name")]


def _absent() -> Any:
    """A PATCH field that may be left out but not sent as null (its type is not nullable)."""
    return Field(default=None)


def _patch_schema(schema: dict[str, Any]) -> None:
    """At least one field; no field has a default (a field left out does not change)."""
    schema["minProperties"] = 1
    for field in schema.get("properties", {}).values():
        field.pop("default", None)


class _Rules(BaseModel):
    """What every administration body must satisfy."""

    model_config = ConfigDict(extra="forbid")

    @field_validator("timezone", check_fields=False)
    @classmethod
    def known_timezone(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                zoneinfo.ZoneInfo(value)
            except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError) as exc:
                raise ValueError(f"unknown timezone {value!r} (use an IANA name)") from exc
        return value

    @model_validator(mode="after")
    def window_in_order(self) -> Self:
        start = getattr(self, "nightly_window_start", None)
        end = getattr(self, "nightly_window_end", None)
        if start is not None and end is not None and end <= start:
            raise ValueError(f"the nightly window ends ({end}) before it starts ({start})")
        return self


SYNC_FROM = (
    "Transaction lines dated before this date are neither read nor mirrored; master data"
    " is always read whole. Not in the future. Changing it requests one full sync of the"
    " transaction lines: earlier reads the range now inside, later trims the lines now"
    " before it from the mirror."
)


class AdministrationChange(_Rules):
    """A PATCH body: the fields to change, at least one; null only where a field is nullable.

    ``connection_id``, ``sync_from`` and ``last_full_sync_connector_version`` may be set
    to null (cleared); the other fields, when sent, need a value.
    """

    model_config = ConfigDict(extra="forbid", json_schema_extra=_patch_schema)

    tenant_id: Identifier = _absent()
    package: Package = _absent()
    connection_id: Identifier | None = None
    external_id: Text100 = _absent()
    name: Name = _absent()
    timezone: Timezone = _absent()
    nightly_window_start: LocalTime = _absent()
    nightly_window_end: LocalTime = _absent()
    sync_from: SafeDate | None = Field(default=None, description=SYNC_FROM)
    enabled: StrictBool = _absent()
    last_full_sync_connector_version: Annotated[str, Field(max_length=100)] | None = None

    @model_validator(mode="after")
    def changes_something(self) -> Self:
        if not self.model_fields_set:
            raise ValueError("a PATCH changes at least one field: send the fields to change")
        return self


class AdministrationCreate(_Rules):
    """A new administration: id, tenant, package, external id and name are required."""

    id: Identifier
    tenant_id: Identifier
    package: Package
    connection_id: Identifier | None = None
    external_id: Text100
    name: Name
    timezone: Timezone = "Europe/Amsterdam"
    nightly_window_start: LocalTime = dt.time(1, 0)
    nightly_window_end: LocalTime = dt.time(5, 0)
    sync_from: SafeDate | None = Field(default=None, description=SYNC_FROM)
    enabled: StrictBool = True
    last_full_sync_connector_version: Annotated[str, Field(max_length=100)] | None = None
