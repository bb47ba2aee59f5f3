"""Bulk onboarding: register a chosen set of the administrations a connection reaches.

As the accounting platforms onboard an accountant: connect once, list what the
connection can reach (Exact divisions, Twinfield offices, a SnelStart client key's
administration, an eAccounting company), pick some, register them in one call. Each
choice is answered on its own: created, or refused with a reason. The rules here are
pure; the route asks the connector and the database for their inputs.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, ValidationError

from ledgerbus_contracts import Package
from ledgerbus_scheduler.domain.administrations import (
    SYNC_FROM,
    AdministrationCreate,
    Text100,
    Timezone,
    _Rules,
)
from ledgerbus_servicekit.inputs import ID_MAX_LENGTH, Identifier, LocalTime, SafeDate

MAX_CHOICES = 500
"""Choices one import may carry."""

ImportReason = Literal["already_registered", "id_taken", "not_reachable", "duplicate", "invalid"]
"""Why a choice was refused:

- ``already_registered``: the tenant already has an administration of this package on
  this external id (a retried import answers so, naming it);
- ``id_taken``: another administration has the id (choose one with ``id``);
- ``not_reachable``: the connection cannot reach that external id;
- ``duplicate``: the same external id was created earlier in this import;
- ``invalid``: the administration would be invalid (its name, its id...), ``message`` says how.
"""


class ImportChoice(BaseModel):
    """One administration to register: the package's id for it, optionally a name and id."""

    model_config = ConfigDict(extra="forbid")

    external_id: Text100 = Field(
        description="The package's id of the administration, as the connector lists it"
        " (GET /v1/connections/{id}/administrations: its code)"
    )
    name: Annotated[str, Field(max_length=1000)] | None = Field(
        default=None, description="Default: the name the package gives it"
    )
    id: Annotated[str, Field(max_length=1000)] | None = Field(
        default=None, description="The administration's id here; default <package>-<external id>"
    )


class AdministrationImport(_Rules):
    """The tenant, package and choices, and the schedule every created one gets."""

    tenant_id: Identifier
    package: Package
    administrations: Annotated[list[ImportChoice], Field(min_length=1, max_length=MAX_CHOICES)]
    timezone: Timezone = "Europe/Amsterdam"
    nightly_window_start: LocalTime = dt.time(1, 0)
    nightly_window_end: LocalTime = dt.time(5, 0)
    sync_from: SafeDate | None = Field(default=None, description=SYNC_FROM)
    enabled: StrictBool = True


class ImportResult(BaseModel):
    """What became of one choice, in the order chosen."""

    external_id: str
    id: str | None = Field(description="The administration created, or the one already there")
    outcome: Literal["created", "refused"]
    reason: ImportReason | None = None
    message: str | None = None


class ImportReport(BaseModel):
    """The import's answer: how many were created and refused, and each choice's result."""

    connection_id: str
    package: str
    tenant_id: str
    created: int
    refused: int
    results: list[ImportResult]


def default_id(package: str, external_id: str) -> str:
    """``<package>-<external id>``, other characters than an id's as '-', cut to length."""
    return re.sub(r"[^A-Za-z0-9_.-]", "-", f"{package}-{external_id}")[:ID_MAX_LENGTH]


def refusal(
    external_id: str, reason: ImportReason, message: str, id: str | None = None
) -> ImportResult:
    """A refused choice."""
    return ImportResult(
        external_id=external_id, id=id, outcome="refused", reason=reason, message=message
    )


def already_registered(external_id: str, existing: str) -> ImportResult:
    """The refusal of a choice the tenant registered before (as ``existing``)."""
    message = f"already registered as administration {existing!r}"
    return refusal(external_id, "already_registered", message, existing)


def candidate(
    body: AdministrationImport,
    connection_id: str,
    choice: ImportChoice,
    reachable: Mapping[str, str],
) -> AdministrationCreate | ImportResult:
    """The administration a reachable choice makes, or its ``invalid`` refusal."""
    fields: dict[str, Any] = body.model_dump(exclude={"administrations"})
    try:
        return AdministrationCreate.model_validate(
            {
                **fields,
                "id": choice.id or default_id(body.package, choice.external_id),
                "connection_id": connection_id,
                "external_id": choice.external_id,
                "name": reachable[choice.external_id] if choice.name is None else choice.name,
            }
        )
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in error['loc'])}: {error['msg']}"
            for error in exc.errors(include_url=False)
        )
        return refusal(choice.external_id, "invalid", problems, choice.id)


def screen(
    choice: ImportChoice,
    connection_id: str,
    created: set[str],
    reachable: Mapping[str, str],
    registered: Mapping[str, str],
) -> ImportResult | None:
    """The refusal that needs no database write: a duplicate (of a choice ``created``
    earlier in this import; an invalid one may be chosen again, corrected), unreachable,
    or already registered."""
    external_id = choice.external_id
    if external_id in created:
        return refusal(external_id, "duplicate", "created earlier in this import")
    if external_id not in reachable:
        message = f"connection {connection_id!r} cannot reach {external_id!r}"
        return refusal(external_id, "not_reachable", message)
    existing = registered.get(external_id)
    return None if existing is None else already_registered(external_id, existing)


def report(
    body: AdministrationImport, connection_id: str, results: list[ImportResult]
) -> ImportReport:
    """The answer of an import."""
    created = sum(1 for r in results if r.outcome == "created")
    return ImportReport(
        connection_id=connection_id,
        package=str(body.package),
        tenant_id=body.tenant_id,
        created=created,
        refused=len(results) - created,
        results=results,
    )
