"""One declarative stream per Twinfield entity type."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, ClassVar, Literal

from ledgerbus_connector_twinfield.twinfield.base import FinderStream, modified_version
from ledgerbus_connector_twinfield.twinfield.browse import BrowseStream
from ledgerbus_contracts import EntityType
from ledgerbus_contracts.entities import (
    Contact,
    CostCenter,
    Daybook,
    FiscalPeriod,
    GlAccount,
    PaymentTerm,
    Project,
    TransactionLine,
    VatCode,
)

_DAYBOOK = Literal["bank", "cash", "sales", "purchase", "general", "other"]


def _date(value: str | None) -> dt.date | None:
    return dt.datetime.strptime(value, "%Y%m%d").date() if value else None


def _base(raw: dict[str, Any], administration_id: str) -> dict[str, Any]:
    return {
        "administration_id": administration_id,
        "source_id": raw["Code"],
        "source_version": modified_version(raw.get("Gewijzigd")),
        "raw": raw,
    }


def _dimtype(raw: dict[str, Any]) -> str:
    """The dimension type of a DIM row: the search's ``dimtype`` (the sandbox's column else)."""
    return str(raw.get("dimtype") or raw.get("Dimensietype") or "")


def percentage(text: str) -> Decimal:
    """A percentage without trailing zeros: ``21.000000`` is ``21`` (never ``1E+1``)."""
    value = Decimal(text)
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


class GlAccounts(FinderStream):
    entity_type: ClassVar[EntityType] = EntityType.GL_ACCOUNT
    path: ClassVar[str] = "DIM BAS+PNL"
    searches = (("DIM", {"dimtype": "BAS"}), ("DIM", {"dimtype": "PNL"}))

    def to_entity(self, raw: dict[str, Any], administration_id: str) -> GlAccount:
        return GlAccount(
            **_base(raw, administration_id),
            code=raw["Code"],
            name=raw["Naam"],
            account_type="balance" if _dimtype(raw) == "BAS" else "profit_loss",
        )


class Relations(FinderStream):
    entity_type: ClassVar[EntityType] = EntityType.CONTACT
    path: ClassVar[str] = "DIM DEB+CRD"
    searches = (("DIM", {"dimtype": "DEB"}), ("DIM", {"dimtype": "CRD"}))

    def to_entity(self, raw: dict[str, Any], administration_id: str) -> Contact:
        customer = _dimtype(raw) == "DEB"
        return Contact(
            **_base(raw, administration_id),
            code=raw["Code"],
            name=raw["Naam"],
            is_customer=customer,
            is_supplier=not customer,
        )


class CostCenters(FinderStream):
    entity_type: ClassVar[EntityType] = EntityType.COST_CENTER
    path: ClassVar[str] = "DIM KPL"
    searches = (("DIM", {"dimtype": "KPL"}),)

    def to_entity(self, raw: dict[str, Any], administration_id: str) -> CostCenter:
        return CostCenter(**_base(raw, administration_id), code=raw["Code"], name=raw["Naam"])


class Projects(FinderStream):
    entity_type: ClassVar[EntityType] = EntityType.PROJECT
    path: ClassVar[str] = "DIM PRJ"
    searches = (("DIM", {"dimtype": "PRJ"}),)

    def to_entity(self, raw: dict[str, Any], administration_id: str) -> Project:
        return Project(
            **_base(raw, administration_id),
            code=raw["Code"],
            name=raw["Naam"],
            start_date=_date(raw.get("Begindatum")),
            end_date=_date(raw.get("Einddatum")),
        )


class VatCodes(FinderStream):
    entity_type: ClassVar[EntityType] = EntityType.VAT_CODE
    path: ClassVar[str] = "VAT"
    searches = (("VAT", {}),)

    def to_entity(self, raw: dict[str, Any], administration_id: str) -> VatCode:
        kind = raw.get("Type")
        return VatCode(
            **_base(raw, administration_id),
            code=raw["Code"],
            description=raw["Naam"],
            percentage=percentage(raw["Percentage"]),
            vat_type=kind if kind in ("sales", "purchase") else "none",
        )


class Daybooks(FinderStream):
    entity_type: ClassVar[EntityType] = EntityType.DAYBOOK
    path: ClassVar[str] = "TRS"
    searches = (("TRS", {}),)

    def to_entity(self, raw: dict[str, Any], administration_id: str) -> Daybook:
        kind = raw.get("Categorie")
        daybook: _DAYBOOK = (
            kind if kind in ("bank", "cash", "sales", "purchase", "general") else "other"
        )
        return Daybook(
            **_base(raw, administration_id),
            code=raw["Code"],
            name=raw["Naam"],
            daybook_type=daybook,
        )


class Periods(FinderStream):
    entity_type: ClassVar[EntityType] = EntityType.FISCAL_PERIOD
    path: ClassVar[str] = "PRD"
    searches = (("PRD", {}),)

    def to_entity(self, raw: dict[str, Any], administration_id: str) -> FiscalPeriod:
        year, period = raw["Code"].split("/")
        start, end = _date(raw.get("Begindatum")), _date(raw.get("Einddatum"))
        if start is None or end is None:
            raise ValueError(f"period {raw['Code']} has no dates")
        return FiscalPeriod(
            **_base(raw, administration_id),
            fiscal_year=int(year),
            period=int(period),
            start_date=start,
            end_date=end,
        )


class PaymentConditions(FinderStream):
    entity_type: ClassVar[EntityType] = EntityType.PAYMENT_TERM
    path: ClassVar[str] = "PAY"
    searches = (("PAY", {}),)

    def to_entity(self, raw: dict[str, Any], administration_id: str) -> PaymentTerm:
        days = raw.get("Dagen")
        return PaymentTerm(
            **_base(raw, administration_id),
            code=raw["Code"],
            description=raw.get("Naam"),
            due_days=int(days) if days else None,
        )


class TransactionLines(BrowseStream):
    """General-ledger transaction lines (browse code 000)."""

    entity_type: ClassVar[EntityType] = EntityType.TRANSACTION_LINE
    path: ClassVar[str] = "browse 000"
    dated: ClassVar[bool] = True
    browse_code: ClassVar[str] = "000"
    fields: ClassVar[tuple[str, ...]] = (
        "fin.trs.head.code",
        "fin.trs.head.number",
        "fin.trs.line.line",
        "fin.trs.head.yearperiod",
        "fin.trs.head.date",
        "fin.trs.head.modified",
        "fin.trs.line.dim1",
        "fin.trs.line.dim2",
        "fin.trs.line.description",
        "fin.trs.line.valuesigned",
        "fin.trs.head.curcode",
        "fin.trs.line.vatcode",
    )

    def to_entity(self, raw: dict[str, Any], administration_id: str) -> TransactionLine:
        key = raw["key"]
        year, period = raw["fin.trs.head.yearperiod"].split("/")
        date = _date(raw["fin.trs.head.date"])
        if date is None:
            raise ValueError(f"transaction {key} has no date")
        return TransactionLine(
            administration_id=administration_id,
            source_id=f"{key['code']}/{key['number']}/{key['line']}",
            source_version=modified_version(raw.get("fin.trs.head.modified")),
            entry_id=f"{key['code']}/{key['number']}",
            entry_number=int(key["number"]),
            line_number=int(key["line"]),
            date=date,
            fiscal_year=int(year),
            fiscal_period=int(period),
            daybook_code=key["code"],
            gl_account_code=raw["fin.trs.line.dim1"],
            contact_code=raw.get("fin.trs.line.dim2") or None,
            description=raw.get("fin.trs.line.description") or None,
            amount=Decimal(raw["fin.trs.line.valuesigned"]),
            currency=raw.get("fin.trs.head.curcode") or "EUR",
            vat_code=raw.get("fin.trs.line.vatcode") or None,
            raw=raw,
        )


ALL_STREAMS: tuple[type[FinderStream] | type[BrowseStream], ...] = (
    GlAccounts,
    VatCodes,
    Daybooks,
    CostCenters,
    Projects,
    Relations,
    Periods,
    PaymentConditions,
    TransactionLines,
)
