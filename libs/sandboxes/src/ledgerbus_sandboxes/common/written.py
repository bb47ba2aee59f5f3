"""What every sandbox's write endpoints share: booking an accepted entry as journal lines,
and the write faults that book a write and then answer late or with an error.

A write fault (``POST /_sandbox/write-faults``) is the uncertain outcome a client must
look up: the package has booked the write, and the answer comes after the client's
timeout, or is a 5xx.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response
from pydantic import BaseModel, Field

from ledgerbus_contracts import EntityType
from ledgerbus_sandboxes.common.booking import period_of
from ledgerbus_sandboxes.common.data import AdministrationData
from ledgerbus_sandboxes.common.table import Record

LINE_DEFAULTS: Record = {
    "cost_center_code": None,
    "cost_unit_code": None,
    "project_code": None,
    "vat_amount": None,
    "vat_code": None,
    "contact_code": None,
    "currency": "EUR",
}


def written_id(admin: AdministrationData, name: str) -> str:
    """A stable id for something written into an administration."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"ledgerbus-sandbox/{admin.key}/written/{name}"))


def book_entry(
    admin: AdministrationData, now: dt.datetime, lines: list[Record], shared: Record
) -> list[Record]:
    """Store one accepted entry's lines (they balance: the caller checked) under a new
    entry number; ``shared`` holds what every line carries (``date`` among it)."""
    number = admin.version + 1_000_000
    entry_id = written_id(admin, f"entry/{number}")
    year, period = period_of(shared["date"])
    stored = []
    for n, line in enumerate(lines, start=1):
        record = {
            **LINE_DEFAULTS,
            "entry_number": number,
            "line_number": n,
            "fiscal_year": year,
            "fiscal_period": period,
            **shared,
            **line,
            "amount_fc": line["amount"],
            "id": written_id(admin, f"line/{number}/{n}"),
            "entry_id": entry_id,
        }
        stored.append(admin.upsert(EntityType.TRANSACTION_LINE, record, now))
    return stored


class WriteFault(BaseModel):
    """Book the next ``count`` writes whose path contains ``path_contains``, then answer
    after ``delay_seconds`` (a client's timeout) with ``status``."""

    path_contains: str = ""
    count: int = Field(default=1, ge=1)
    delay_seconds: float = Field(default=0.0, ge=0, le=120)
    status: int = Field(default=504, ge=200, le=599)


@dataclass
class WriteFaults:
    """The queued write faults of one sandbox; ``error`` renders the package's 5xx body."""

    error: Callable[[int], Response]
    queue: list[WriteFault] = field(default_factory=list)

    async def answer(self, path: str, accepted: Response) -> Response:
        """The answer to a write already booked: ``accepted``, or late, or an error."""
        fault = next((f for f in self.queue if f.path_contains in path), None)
        if fault is None:
            return accepted
        fault.count -= 1
        if fault.count <= 0:
            self.queue.remove(fault)
        await asyncio.sleep(fault.delay_seconds)
        return self.error(fault.status) if fault.status >= 300 else accepted

    def routes(self, control: APIRouter) -> None:
        """``GET`` and ``POST /write-faults`` on the sandbox's control router."""

        @control.get("/write-faults")
        def pending_write_faults() -> list[WriteFault]:
            """The write faults not yet used."""
            return list(self.queue)

        @control.post("/write-faults", status_code=201)
        def write_fault(body: WriteFault) -> dict[str, Any]:
            """Book the next matching write, then answer late or with an error."""
            self.queue.append(body)
            return {"queued": len(self.queue)}
