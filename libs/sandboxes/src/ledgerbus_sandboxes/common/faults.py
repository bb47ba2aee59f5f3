"""Misbehaviour a test can ask of a sandbox: queued faults and standing latency or errors."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, Field


class Behaviour(BaseModel):
    """Standing misbehaviour: latency on every API call, a share of 503s."""

    latency_ms: int = Field(default=0, ge=0, le=60_000)
    error_rate: float = Field(default=0.0, ge=0, le=1)
    malformed_rate: float = Field(
        default=0.0, ge=0, le=1, description="Share of answers that are a truncated 200 body"
    )
    timeout_rate: float = Field(
        default=0.0, ge=0, le=1, description="Share of calls that hang for timeout_seconds"
    )
    timeout_seconds: float = Field(default=35.0, ge=0, le=600)
    path_contains: str = Field(default="", description="Misbehave only on matching paths")


MALFORMED = 299
"""The status a fault uses to ask for a truncated 200 body."""


class Fault(BaseModel):
    """Answer the next ``count`` requests whose path contains ``path_contains`` with ``status``
    (299: a 200 whose body is cut off)."""

    status: int = Field(ge=299, le=599)
    count: int = Field(default=1, ge=1)
    path_contains: str = ""
    body: dict[str, Any] | None = None


@dataclass
class Faults:
    """Queued faults, consumed by matching requests."""

    queue: list[Fault] = field(default_factory=list)

    def take(self, path: str) -> Fault | None:
        for fault in self.queue:
            if fault.path_contains in path:
                fault.count -= 1
                if fault.count <= 0:
                    self.queue.remove(fault)
                return fault
        return None
