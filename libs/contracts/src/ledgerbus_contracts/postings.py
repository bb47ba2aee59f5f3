"""Postings: booking proposals and invoices sent into the package, exactly once.

The ledger-store checks a posting against the mirror and publishes :class:`PostEntries`
on ``postings``; the package's connector books it and answers with
:class:`PostingSucceeded` or :class:`PostingFailed` on ``posting.status``. Amounts are
:class:`~decimal.Decimal`. Invoice lines are net amounts (the package adds the VAT and
books the total on the relation); journal-entry lines are signed, debit positive, and
balance with their VAT.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field

from ledgerbus_contracts.capabilities import Package
from ledgerbus_contracts.entities import EntityType
from ledgerbus_contracts.message import AdministrationMessage
from ledgerbus_contracts.topics import POSTING_STATUS, POSTINGS


class PostingKind(StrEnum):
    """What a posting books."""

    SALES_INVOICE = "sales_invoice"
    PURCHASE_INVOICE = "purchase_invoice"
    JOURNAL_ENTRY = "journal_entry"


class PostingState(StrEnum):
    """Where a posting stands."""

    QUEUED = "queued"
    SENDING = "sending"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    REFUSED = "refused"


class PostingRelation(BaseModel):
    """The relation of an invoice: matched by ``code``, created when the package lacks it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str = Field(min_length=1, max_length=50)
    name: str = Field(min_length=1, max_length=200)
    vat_number: str | None = Field(default=None, max_length=50)
    email: str | None = Field(default=None, max_length=200)


class PostingLine(BaseModel):
    """One line of a posting."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    gl_account_code: str = Field(min_length=1, max_length=50)
    amount: Decimal
    vat_code: str | None = Field(default=None, max_length=50)
    cost_center_code: str | None = Field(default=None, max_length=50)
    description: str | None = Field(default=None, max_length=250)


class PostEntries(AdministrationMessage):
    """Book one posting in the package (the command on ``postings``).

    ``reference`` is the caller's own (an invoice number); the connector gives the booking
    a reference of its own, derived from ``posting_id``, to find it again after an
    uncertain outcome. ``external_id`` and ``connection_id`` may be left out: the
    connector then uses those of the administration's last sync.
    """

    event_type: ClassVar[str] = "ledgerbus.posting.requested.v1"
    topic: ClassVar[str] = POSTINGS

    posting_id: str = Field(min_length=1, max_length=200)
    tenant_id: str
    package: Package
    external_id: str | None = None
    connection_id: str | None = None
    kind: PostingKind
    date: dt.date
    daybook_code: str
    reference: str = Field(min_length=1, max_length=50)
    description: str | None = Field(default=None, max_length=250)
    relation: PostingRelation | None = None
    lines: tuple[PostingLine, ...] = Field(min_length=1)
    requested_at: dt.datetime

    def default_id(self) -> str:
        """The posting id: the same posting is the same command."""
        return self.posting_id


class PostedRecord(BaseModel):
    """A record the package created for a posting, by the package's own id."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    entity_type: EntityType
    source_id: str


class PostingError(BaseModel):
    """Why a posting failed: ``refused`` (the package said no, with its message) or another
    failure kind, and what to do."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: str
    message: str


class PostingEvent(AdministrationMessage):
    """Fields every posting outcome carries."""

    topic: ClassVar[str] = POSTING_STATUS

    posting_id: str
    tenant_id: str
    package: Package
    at: dt.datetime


class PostingSucceeded(PostingEvent):
    """The package booked the posting; ``sync_id`` registers what it created in the mirror."""

    event_type: ClassVar[str] = "ledgerbus.posting.succeeded.v1"

    reference: str
    created: tuple[PostedRecord, ...] = ()
    sync_id: str | None = None

    def default_id(self) -> str:
        """One outcome per posting."""
        return f"{self.posting_id}/succeeded"


class PostingFailed(PostingEvent):
    """The package refused the posting, or it could not be sent."""

    event_type: ClassVar[str] = "ledgerbus.posting.failed.v1"

    error: PostingError

    def default_id(self) -> str:
        """One outcome per posting."""
        return f"{self.posting_id}/failed"
