"""Normalised entity models, contract v1.

Every entity record carries the administration it belongs to, its entity type, the
package's own stable id (``source_id``), a version that grows with every change of the
record at the source (``source_version``: Exact's rowversion ``Timestamp``, otherwise the
modification time in epoch microseconds), the normalised fields and the raw source record.
Amounts are :class:`~decimal.Decimal`, never float.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter


class EntityType(StrEnum):
    """The ten entity types of contract v1."""

    GL_ACCOUNT = "gl_account"
    VAT_CODE = "vat_code"
    DAYBOOK = "daybook"
    COST_CENTER = "cost_center"
    COST_UNIT = "cost_unit"
    PROJECT = "project"
    CONTACT = "contact"
    FISCAL_PERIOD = "fiscal_period"
    PAYMENT_TERM = "payment_term"
    TRANSACTION_LINE = "transaction_line"


class EntityBase(BaseModel):
    """Fields every normalised entity record carries."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    administration_id: str
    source_id: str = Field(min_length=1, description="The package's own stable id")
    source_version: int = Field(ge=0, description="Grows with every change at the source")
    raw: dict[str, Any] = Field(default_factory=dict, description="The source record as read")


class GlAccount(EntityBase):
    """A general-ledger account."""

    entity_type: Literal[EntityType.GL_ACCOUNT] = EntityType.GL_ACCOUNT
    code: str
    name: str
    account_type: Literal["balance", "profit_loss"]
    balance_side: Literal["debit", "credit"] | None = None
    vat_code: str | None = None
    blocked: bool = False


class VatCode(EntityBase):
    """A VAT code with its current percentage."""

    entity_type: Literal[EntityType.VAT_CODE] = EntityType.VAT_CODE
    code: str
    description: str
    percentage: Decimal
    vat_type: Literal["sales", "purchase", "none"] = "none"
    active: bool = True


class Daybook(EntityBase):
    """A daybook (journal): bank, cash, sales, purchase or general."""

    entity_type: Literal[EntityType.DAYBOOK] = EntityType.DAYBOOK
    code: str
    name: str
    daybook_type: Literal["bank", "cash", "sales", "purchase", "general", "other"]
    gl_account_code: str | None = None


class CostCenter(EntityBase):
    """A cost centre (kostenplaats)."""

    entity_type: Literal[EntityType.COST_CENTER] = EntityType.COST_CENTER
    code: str
    name: str
    active: bool = True


class CostUnit(EntityBase):
    """A cost unit (kostendrager)."""

    entity_type: Literal[EntityType.COST_UNIT] = EntityType.COST_UNIT
    code: str
    name: str
    active: bool = True


class Project(EntityBase):
    """A project."""

    entity_type: Literal[EntityType.PROJECT] = EntityType.PROJECT
    code: str
    name: str
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    active: bool = True


class Contact(EntityBase):
    """A relation: customer, supplier or both."""

    entity_type: Literal[EntityType.CONTACT] = EntityType.CONTACT
    code: str
    name: str
    is_customer: bool = False
    is_supplier: bool = False
    vat_number: str | None = None
    coc_number: str | None = None
    email: str | None = None
    iban: str | None = None


class FiscalPeriod(EntityBase):
    """A booking period of a fiscal year."""

    entity_type: Literal[EntityType.FISCAL_PERIOD] = EntityType.FISCAL_PERIOD
    fiscal_year: int
    period: int
    start_date: dt.date
    end_date: dt.date


class PaymentTerm(EntityBase):
    """A payment term: a condition (days) or an open term of an entry (due date, amount)."""

    entity_type: Literal[EntityType.PAYMENT_TERM] = EntityType.PAYMENT_TERM
    code: str | None = None
    description: str | None = None
    due_days: int | None = None
    due_date: dt.date | None = None
    amount: Decimal | None = None
    contact_code: str | None = None


class TransactionLine(EntityBase):
    """One line of a financial entry; ``amount`` is signed, debit positive."""

    entity_type: Literal[EntityType.TRANSACTION_LINE] = EntityType.TRANSACTION_LINE
    entry_id: str
    entry_number: int | None = None
    line_number: int | None = None
    date: dt.date
    fiscal_year: int | None = None
    fiscal_period: int | None = None
    daybook_code: str | None = None
    gl_account_code: str
    contact_code: str | None = None
    cost_center_code: str | None = None
    cost_unit_code: str | None = None
    project_code: str | None = None
    description: str | None = None
    amount: Decimal
    currency: str = "EUR"
    amount_fc: Decimal | None = None
    vat_code: str | None = None
    vat_amount: Decimal | None = None


Entity = Annotated[
    GlAccount
    | VatCode
    | Daybook
    | CostCenter
    | CostUnit
    | Project
    | Contact
    | FiscalPeriod
    | PaymentTerm
    | TransactionLine,
    Field(discriminator="entity_type"),
]
"""Any normalised entity record, discriminated by ``entity_type``."""

ENTITY_MODELS: dict[EntityType, type[EntityBase]] = {
    EntityType.GL_ACCOUNT: GlAccount,
    EntityType.VAT_CODE: VatCode,
    EntityType.DAYBOOK: Daybook,
    EntityType.COST_CENTER: CostCenter,
    EntityType.COST_UNIT: CostUnit,
    EntityType.PROJECT: Project,
    EntityType.CONTACT: Contact,
    EntityType.FISCAL_PERIOD: FiscalPeriod,
    EntityType.PAYMENT_TERM: PaymentTerm,
    EntityType.TRANSACTION_LINE: TransactionLine,
}
"""The model class of each entity type."""

entity_adapter: TypeAdapter[Entity] = TypeAdapter(Entity)
"""Validates any entity record from a dict or JSON."""
