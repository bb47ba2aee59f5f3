"""Postings: booking proposals and invoices sent into the package, checked first, exactly once."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ledgerbus_contracts import Package
from ledgerbus_contracts.postings import (
    PostEntries,
    PostingKind,
    PostingLine,
    PostingRelation,
    PostingState,
)
from ledgerbus_ledger_store.adapters import postings, syncs
from ledgerbus_ledger_store.api.deps import AdministrationDep, ClockDep, ConnectionDep
from ledgerbus_ledger_store.domain.postings import Draft, check
from ledgerbus_servicekit import PrincipalDep
from ledgerbus_servicekit.errors import error_responses
from ledgerbus_servicekit.inputs import SYNC_ID_PATTERN, SafeDate, SyncIdPath
from ledgerbus_servicekit.telemetry import current_traceparent

router = APIRouter(tags=["postings"])

MAX_AMOUNT = Decimal(10) ** 15
"""A line's amount lies strictly between minus and plus this (then two decimals fit)."""


class PostingBody(BaseModel):
    """A posting: amounts are decimal strings; ``relation`` for invoices."""

    model_config = ConfigDict(extra="forbid")

    posting_id: str = Field(pattern=SYNC_ID_PATTERN, description="The caller's idempotency key")
    kind: PostingKind
    date: SafeDate
    daybook_code: str = Field(min_length=1, max_length=50)
    reference: str = Field(min_length=1, max_length=50)
    description: str | None = Field(default=None, max_length=250)
    relation: PostingRelation | None = None
    lines: list[PostingLine] = Field(min_length=1, max_length=500)

    @field_validator("lines")
    @classmethod
    def _amounts_in_range(cls, lines: list[PostingLine]) -> list[PostingLine]:
        for number, line in enumerate(lines):
            if not line.amount.is_finite() or abs(line.amount) >= MAX_AMOUNT:
                raise ValueError(
                    f"line {number}: amount {line.amount} is not a finite amount"
                    f" between -{MAX_AMOUNT:,} and {MAX_AMOUNT:,}"
                )
        return lines

    @model_validator(mode="after")
    def _no_nul(self) -> PostingBody:
        if "\\u0000" in self.model_dump_json():
            raise ValueError("text fields may not contain NUL characters")
        return self


def view(row: dict[str, Any]) -> dict[str, Any]:
    """A posting as the API shows it."""
    return {
        "posting_id": row["posting_id"],
        "administration_id": row["administration_id"],
        "package": row["package"],
        "kind": row["kind"],
        "reference": row["reference"],
        "state": row["state"],
        "created": row["created"],
        "error": row["error"],
        "sync_id": row["sync_id"],
        "queued_at": row["queued_at"],
        "sent_at": row["sent_at"],
        "finished_at": row["finished_at"],
    }


@router.post(
    "/administrations/{administration_id}/postings",
    status_code=202,
    responses=error_responses(404, 409, 422),
)
async def create_posting(
    administration_id: AdministrationDep,
    body: PostingBody,
    request: Request,
    conn: ConnectionDep,
    clock: ClockDep,
    principal: PrincipalDep,
) -> JSONResponse:
    """Check the posting against the mirror (422 names every problem, nothing is sent),
    record it and queue its ``PostEntries``. The same ``posting_id`` again answers the
    first posting."""
    earlier = await postings.get(conn, body.posting_id)
    if earlier is not None:
        return _same(earlier, administration_id)
    tenant = await syncs.tenant_of(conn, administration_id) or principal.tenant_id
    package = await postings.package_of(conn, administration_id)
    if tenant is None or package is None:
        raise HTTPException(404, f"administration {administration_id!r} has not been synced yet")
    draft = Draft(body.kind, body.date, body.daybook_code, body.relation, tuple(body.lines))
    problems = check(draft, await postings.mirror(conn, administration_id, package))
    if problems:
        detail = [{"loc": list(loc), "msg": msg, "type": "value_error"} for loc, msg in problems]
        return JSONResponse({"detail": detail}, 422)
    command = PostEntries(
        administration_id=administration_id,
        posting_id=body.posting_id,
        tenant_id=tenant,
        package=Package(package),
        kind=body.kind,
        date=body.date,
        daybook_code=body.daybook_code,
        reference=body.reference,
        description=body.description,
        relation=body.relation,
        lines=tuple(body.lines),
        requested_at=clock.now(),
    )
    async with conn.transaction():
        recorded = await postings.record(conn, command, current_traceparent())
    if recorded:
        request.app.state.outbox.wake()
    row = await postings.get(conn, body.posting_id)
    assert row is not None
    return _same(row, administration_id)


def _same(row: dict[str, Any], administration_id: str) -> JSONResponse:
    if row["administration_id"] != administration_id:
        raise HTTPException(409, f"posting {row['posting_id']!r} belongs to another administration")
    return JSONResponse(_json(view(row)), 202)


def _json(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json(v) for v in value]
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


@router.get("/postings/{posting_id}", responses=error_responses(404))
async def get_posting(
    posting_id: SyncIdPath,
    conn: ConnectionDep,
    principal: PrincipalDep,
) -> dict[str, Any]:
    """One posting: its state, the package's ids of what it created, its error, timings."""
    row = await postings.get(conn, posting_id)
    if row is None or not principal.may_see(row["tenant_id"]):
        raise HTTPException(404, f"no posting {posting_id!r}")
    return view(row)


@router.get("/administrations/{administration_id}/postings", responses=error_responses(404))
async def list_postings(
    administration_id: AdministrationDep,
    conn: ConnectionDep,
    state: PostingState | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[dict[str, Any]]:
    """The administration's postings, newest first, by state."""
    rows = await postings.search(conn, administration_id, str(state) if state else None, limit)
    return [view(r) for r in rows]
