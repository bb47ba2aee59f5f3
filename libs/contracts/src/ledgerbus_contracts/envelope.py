"""The CloudEvents 1.0 envelope around every message."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from ledgerbus_contracts.message import Message

M = TypeVar("M", bound=Message)


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class Envelope(Generic[M]):
    """A message with its CloudEvents context attributes and W3C trace context.

    ``id`` defaults to the message's natural id (e.g. the sync id) so that publishing
    the same fact twice yields the same event id, else to a random UUID.
    """

    data: M
    source: str
    id: str = ""
    time: dt.datetime = field(default_factory=_utcnow)
    traceparent: str | None = None
    tracestate: str | None = None

    def __post_init__(self) -> None:
        if not self.id:
            object.__setattr__(self, "id", self.data.default_id() or str(uuid.uuid4()))

    @property
    def type(self) -> str:
        """The CloudEvents type of the message."""
        return self.data.event_type

    @property
    def subject(self) -> str:
        """The CloudEvents subject: the message key (the administration id)."""
        return self.data.key
