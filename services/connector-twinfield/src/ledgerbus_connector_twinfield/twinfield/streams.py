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
    EntityBase,
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


def _dimtype(raw: dict[str, Any]) -> str:
    """The dimension type of a DIM row: the search's ``dimtype`` (the sandbox's column else)."""
    return str(raw.get("dimtype") or raw.get("Dimensietype") or "")


def percentage(text: str) -> Decimal:
    """A percentage without trailing zeros: ``21.000000`` is ``21`` (never ``1E+1``)."""
    value = Decimal(text)
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


class GlAccounts(FinderStream):
    entity_type: ClassVar[EntityType] = EntityType.GL_ACCOUNT
    entity_model: ClassVar[type[EntityBase]] = GlAccount
    path: ClassVar[str] = "DIM BAS+PNL"
    searches = (("DIM", {"dimtype": "BAS"}), ("DIM", {"dimtype": "PNL"}))

    def fields(self, raw: dict[str, Any], administration_id: str) -> dict[str, Any]:
        return {
            "code": raw["Code"],
            "name": raw["Naam"],
            "account_type": "balance" if _dimtype(raw) == "BAS" else "profit_loss",
        }


class Relations(FinderStream):
    entity_type: ClassVar[EntityType] = EntityType.CONTACT
    entity_model: ClassVar[type[EntityBase]] = Contact
    path: ClassVar[str] = "DIM DEB+CRD"
    searches = (("DIM", {"dimtype": "DEB"}), ("DIM", {"dimtype": "CRD"}))

    def fields(self, raw: dict[str, Any], administration_id: str) -> dict[str, Any]:
        customer = _dimtype(raw) == "DEB"
        return {
            "code": raw["Code"],
            "name": raw["Naam"],
            "is_customer": customer,
            "is_supplier": not customer,
        }


class CostCenters(FinderStream):
    entity_type: ClassVar[EntityType] = EntityType.COST_CENTER
    entity_model: ClassVar[type[EntityBase]] = CostCenter
    path: ClassVar[str] = "DIM KPL"
    searches = (("DIM", {"dimtype": "KPL"}),)

    def fields(self, raw: dict[str, Any], administration_id: str) -> dict[str, Any]:
        return {"code": raw["Code"], "name": raw["Naam"]}


class Projects(FinderStream):
    entity_type: ClassVar[EntityType] = EntityType.PROJECT
    entity_model: ClassVar[type[EntityBase]] = Project
    path: ClassVar[str] = "DIM PRJ"
    searches = (("DIM", {"dimtype": "PRJ"}),)

    def fields(self, raw: dict[str, Any], administration_id: str) -> dict[str, Any]:
        return {
            "code": raw["Code"],
            "name": raw["Naam"],
            "start_date": _date(raw.get("Begindatum")),
            "end_date": _date(raw.get("Einddatum")),
        }


class VatCodes(FinderStream):
    entity_type: ClassVar[EntityType] = EntityType.VAT_CODE
    entity_model: ClassVar[type[EntityBase]] = VatCode
    path: ClassVar[str] = "VAT"
    searches = (("VAT", {}),)

    def fields(self, raw: dict[str, Any], administration_id: str) -> dict[str, Any]:
        kind = raw.get("Type")
        return {
            "code": raw["Code"],
            "description": raw["Naam"],
            "percentage": percentage(raw["Percentage"]),
            "vat_type": kind if kind in ("sales", "purchase") else "none",
        }


class Daybooks(FinderStream):
    entity_type: ClassVar[EntityType] = EntityType.DAYBOOK
    entity_model: ClassVar[type[EntityBase]] = Daybook
    path: ClassVar[str] = "TRS"
    searches = (("TRS", {}),)

    def fields(self, raw: dict[str, Any], administration_id: str) -> dict[str, Any]:
        kind = raw.get("Categorie")
        daybook: _DAYBOOK = (
            kind if kind in ("bank", "cash", "sales", "purchase", "general") else "other"
        )
        return {
            "code": raw["Code"],
            "name": raw["Naam"],
            "daybook_type": daybook,
        }


class Periods(FinderStream):
    entity_type: ClassVar[EntityType] = EntityType.FISCAL_PERIOD
    entity_model: ClassVar[type[EntityBase]] = FiscalPeriod
    path: ClassVar[str] = "PRD"
    searches = (("PRD", {}),)

    def fields(self, raw: dict[str, Any], administration_id: str) -> dict[str, Any]:
        year, period = raw["Code"].split("/")
        start, end = _date(raw.get("Begindatum")), _date(raw.get("Einddatum"))
        if start is None or end is None:
            raise ValueError(f"period {raw['Code']} has no dates")
        return {
            "fiscal_year": int(year),
            "period": int(period),
            "start_date": start,
            "end_date": end,
        }


class PaymentConditions(FinderStream):
    entity_type: ClassVar[EntityType] = EntityType.PAYMENT_TERM
    entity_model: ClassVar[type[EntityBase]] = PaymentTerm
    path: ClassVar[str] = "PAY"
    searches = (("PAY", {}),)

    def fields(self, raw: dict[str, Any], administration_id: str) -> dict[str, Any]:
        days = raw.get("Dagen")
        return {
            "code": raw["Code"],
            "description": raw.get("Naam"),
            "due_days": int(days) if days else None,
        }


class TransactionLines(BrowseStream):
    """General-ledger transaction lines (browse code 000)."""

    entity_type: ClassVar[EntityType] = EntityType.TRANSACTION_LINE
    entity_model: ClassVar[type[EntityBase]] = TransactionLine
    path: ClassVar[str] = "browse 000"
    dated: ClassVar[bool] = True
    browse_code: ClassVar[str] = "000"
    columns: ClassVar[tuple[str, ...]] = (
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

    def source_id(self, raw: dict[str, Any]) -> str:
        """``<daybook>/<number>/<line>`` of the line's key."""
        key = raw["key"]
        return f"{key['code']}/{key['number']}/{key['line']}"

    def version(self, raw: dict[str, Any]) -> int:
        """The transaction's modification time."""
        return modified_version(raw.get("fin.trs.head.modified"))

    def fields(self, raw: dict[str, Any], administration_id: str) -> dict[str, Any]:
        key = raw["key"]
        year, period = raw["fin.trs.head.yearperiod"].split("/")
        date = _date(raw["fin.trs.head.date"])
        if date is None:
            raise ValueError(f"transaction {key} has no date")
        return {
            "entry_id": f"{key['code']}/{key['number']}",
            "entry_number": int(key["number"]),
            "line_number": int(key["line"]),
            "date": date,
            "fiscal_year": int(year),
            "fiscal_period": int(period),
            "daybook_code": key["code"],
            "gl_account_code": raw["fin.trs.line.dim1"],
            "contact_code": raw.get("fin.trs.line.dim2") or None,
            "description": raw.get("fin.trs.line.description") or None,
            "amount": Decimal(raw["fin.trs.line.valuesigned"]),
            "currency": raw.get("fin.trs.head.curcode") or "EUR",
            "vat_code": raw.get("fin.trs.line.vatcode") or None,
        }


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
