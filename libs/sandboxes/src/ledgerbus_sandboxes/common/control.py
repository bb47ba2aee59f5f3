"""The control API every sandbox mounts under ``/_sandbox/``, for tests, demos and benches.

Read: administrations with record counts, the records as the package would serve
them, the sandbox's own trial balance, request statistics. Change: upsert or
hard-delete records (transaction lines an entry at a time, so that every entry
stays balanced: :mod:`ledgerbus_sandboxes.common.entries`), queue faults (an HTTP
status for the next matching requests), move the sandbox clock.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import islice
from typing import Annotated, Any, Protocol

from fastapi import APIRouter, HTTPException, Query
from pydantic import BaseModel, Field

from ledgerbus_contracts import EntityType
from ledgerbus_sandboxes.common.clock import FollowingClock, SandboxClock
from ledgerbus_sandboxes.common.data import AdministrationData, SandboxData
from ledgerbus_sandboxes.common.entries import delete_entry, trial_balance, update_line
from ledgerbus_sandboxes.common.faults import MALFORMED, Behaviour, Fault, Faults
from ledgerbus_sandboxes.common.mutations import apply_mutations
from ledgerbus_sandboxes.common.stats import RequestStats
from ledgerbus_sandboxes.common.table import Record

__all__ = [
    "MALFORMED",
    "Behaviour",
    "Budget",
    "Fault",
    "FollowingClock",
    "Mutations",
    "RateBudgets",
    "Sandbox",
    "SandboxClock",
    "control_router",
]

Render = Callable[[EntityType, Record], dict[str, Any]]


class RateBudgets(Protocol):
    """A package's call limits, which tests may spend down to a given remainder."""

    def set_remaining(
        self,
        key: int | str,
        now: dt.datetime,
        *,
        daily: int | None = None,
        minutely: int | None = None,
    ) -> None: ...


class Budget(BaseModel):
    """Calls left in the current windows of one administration (None leaves one as it is)."""

    daily: int | None = Field(default=None, ge=0)
    minutely: int | None = Field(default=None, ge=0)


class Mutations(BaseModel):
    """Create, update and hard-delete records of one type, chosen deterministically by seed."""

    entity_type: EntityType
    create: int = Field(default=0, ge=0)
    update: int = Field(default=0, ge=0)
    delete: int = Field(default=0, ge=0)
    seed: int = 1


@dataclass
class Sandbox:
    """A sandbox's state: its data, clock, faults and statistics."""

    data: SandboxData
    render: Render
    clock: SandboxClock = field(default_factory=SandboxClock)
    faults: Faults = field(default_factory=Faults)
    stats: RequestStats = field(default_factory=RequestStats)
    behaviour: Behaviour = field(default_factory=Behaviour)
    budgets: RateBudgets | None = None
    _random: random.Random = field(default_factory=lambda: random.Random(7))

    def misbehave(self, path: str) -> Fault | None:
        """Apply the standing latency; the queued fault or a random 503 for this call."""
        matches = self.behaviour.path_contains in path
        if self.behaviour.latency_ms and matches:
            time.sleep(self.behaviour.latency_ms / 1000)
        queued = self.faults.take(path)
        if queued is not None or not matches:
            return queued
        draw = self._random.random()
        if draw < self.behaviour.timeout_rate:
            time.sleep(self.behaviour.timeout_seconds)
        elif draw < self.behaviour.timeout_rate + self.behaviour.error_rate:
            return Fault(status=503)
        elif draw < (
            self.behaviour.timeout_rate + self.behaviour.error_rate + self.behaviour.malformed_rate
        ):
            return Fault(status=MALFORMED)
        return None

    def neutral_id(self, admin: AdministrationData, entity_type: EntityType, key: str) -> str:
        """The sandbox's own id of a record named by its package id (or by its own id)."""
        records = admin.table(entity_type)
        if key in records:
            return key
        for record_id, record in records.items():
            rendered = self.render(entity_type, record)
            if str(rendered.get("ID", rendered.get("id"))) == key:
                return record_id
        return key

    def administration(self, key: str) -> AdministrationData:
        found = self.data.get(key)
        if found is None:
            raise HTTPException(404, f"no administration {key!r} in this sandbox")
        return found


def control_router(sandbox: Sandbox) -> APIRouter:
    """The ``/_sandbox`` routes over one sandbox's state."""
    router = APIRouter(prefix="/_sandbox", tags=["sandbox control"])

    @router.get("/administrations")
    def administrations() -> list[dict[str, Any]]:
        return [
            {"id": a.key, "name": a.name, "counts": a.counts()}
            for a in sandbox.data.administrations.values()
        ]

    @router.get("/stats")
    def stats() -> dict[str, object]:
        return sandbox.stats.as_json()

    @router.get("/administrations/{key}/records/{entity_type}")
    def records(
        key: str,
        entity_type: EntityType,
        offset: Annotated[int, Query(ge=0)] = 0,
        limit: Annotated[int | None, Query(ge=0)] = None,
    ) -> dict[str, Any]:
        """The live records in version order, rendered as the package serves them."""
        rows = sandbox.administration(key).table(entity_type).rows()
        page = islice(rows, offset, None if limit is None else offset + limit)
        return {"records": [sandbox.render(entity_type, r) for r in page]}

    @router.put("/administrations/{key}/records/{entity_type}/{record_id:path}")
    def upsert(
        key: str, entity_type: EntityType, record_id: str, fields: dict[str, Any]
    ) -> dict[str, Any]:
        """Change a record (a transaction line: rewrite its entry, still balanced)."""
        admin = sandbox.administration(key)
        record_id = sandbox.neutral_id(admin, entity_type, record_id)
        if entity_type != EntityType.TRANSACTION_LINE:
            stored = admin.upsert(entity_type, {**fields, "id": record_id}, sandbox.clock.now())
            return sandbox.render(entity_type, stored)
        if record_id not in admin.table(entity_type):
            raise HTTPException(
                404,
                f"no transaction_line {record_id!r}: lines are booked as whole entries "
                "(POST mutations with create)",
            )
        try:
            update_line(admin, record_id, fields, sandbox.clock.now())
        except ValueError as exc:
            raise HTTPException(422, str(exc)) from exc
        return sandbox.render(entity_type, admin.table(entity_type)[record_id])

    @router.delete("/administrations/{key}/records/{entity_type}/{record_id:path}", status_code=204)
    def delete(key: str, entity_type: EntityType, record_id: str) -> None:
        """Hard-delete a record (a transaction line: its whole entry)."""
        admin = sandbox.administration(key)
        record_id = sandbox.neutral_id(admin, entity_type, record_id)
        if entity_type == EntityType.TRANSACTION_LINE and record_id in admin.table(entity_type):
            delete_entry(admin, record_id, sandbox.clock.now())
        elif not admin.delete(entity_type, record_id, sandbox.clock.now()):
            raise HTTPException(404, f"no {entity_type} {record_id!r}")

    @router.get("/administrations/{key}/trial-balance")
    def balances(key: str, date: dt.date | None = None) -> dict[str, Any]:
        """The sandbox's own trial balance: per GL account the debit and credit of the
        live lines dated up to ``date`` (all of them without), amounts as strings."""
        sums = trial_balance(sandbox.administration(key), date)
        debit = sum((d for d, _ in sums.values()), Decimal("0.00"))
        credit = sum((c for _, c in sums.values()), Decimal("0.00"))
        return {
            "administration": key,
            "date": None if date is None else date.isoformat(),
            "accounts": [
                {
                    "gl_account_code": code,
                    "debit": str(d),
                    "credit": str(c),
                    "balance": str(d - c),
                }
                for code, (d, c) in sums.items()
            ],
            "total_debit": str(debit),
            "total_credit": str(credit),
            "balance": str(debit - credit),
        }

    @router.post("/administrations/{key}/mutations")
    def mutate(key: str, body: Mutations) -> dict[str, list[str]]:
        """Change the data as users of the package would; returns the package ids touched."""

        def package_id(record: Record) -> str:
            rendered = sandbox.render(body.entity_type, record)
            return str(rendered.get("ID", rendered.get("id")))

        try:
            return apply_mutations(
                sandbox.administration(key), body, sandbox.clock.now(), package_id
            )
        except ValueError as exc:
            raise HTTPException(422, str(exc)) from exc

    @router.put("/faults")
    def set_behaviour(body: Behaviour) -> Behaviour:
        """Standing latency and error rate for every API call (until set again)."""
        sandbox.behaviour = body
        return body

    @router.post("/faults", status_code=201)
    def fault(body: Fault) -> dict[str, int]:
        sandbox.faults.queue.append(body)
        return {"queued": len(sandbox.faults.queue)}

    @router.put("/administrations/{key}/rate-limits")
    def set_budget(key: str, body: Budget) -> Budget:
        """Leave only so many calls in the administration's current minute and day."""
        sandbox.administration(key)
        if sandbox.budgets is None:
            raise HTTPException(404, "this sandbox plays no call budgets")
        sandbox.budgets.set_remaining(
            key, sandbox.clock.now(), daily=body.daily, minutely=body.minutely
        )
        return body

    @router.post("/clock/advance")
    def advance(seconds: float) -> dict[str, str]:
        sandbox.clock.advance(seconds)
        return {"now": sandbox.clock.now().isoformat()}

    return router
