"""One declarative stream per Exact entity type.

Sync endpoints (rowversion ``Timestamp``, 1000 a page): GL accounts, accounts
(contacts), projects, payment terms, transaction lines: where a sync API exists,
Exact applies mandatory filtering to the regular and bulk endpoints, and a full sync
reads the sync endpoint from ``Timestamp gt 1``. Regular endpoints
(60 a page), re-read in full on every sync because Exact has neither a sync nor a
bulk endpoint for them (picqer/exact-php-client has ``Bulk*`` classes only for GL
accounts, accounts, contacts, addresses, transaction lines and the like): VAT codes,
journals (daybooks), cost centres, cost units, financial periods. Their source
version is the ``Modified`` time, so re-reading changes nothing in the ledger unless
the record really changed; their hard deletes are found by the monthly full sync.
Every endpoint and ``$select`` field is one of Exact's (picqer's entity classes).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar, Literal

from ledgerbus_connector_exact.exact.base import ExactStream, ExactSyncStream
from ledgerbus_connector_exact.exact.values import amount, code, parse_date
from ledgerbus_connectorkit import PageRequest, StreamContext
from ledgerbus_contracts import EntityType, SyncMode
from ledgerbus_contracts.entities import (
    Contact,
    CostCenter,
    CostUnit,
    Daybook,
    EntityBase,
    FiscalPeriod,
    GlAccount,
    PaymentTerm,
    Project,
    TransactionLine,
    VatCode,
)

_VAT_TYPES: dict[str, Literal["sales", "purchase"]] = {"S": "sales", "P": "purchase"}
_JOURNAL_TYPES: dict[int, Literal["bank", "cash", "sales", "purchase", "general"]] = {
    10: "cash",
    12: "bank",
    20: "sales",
    21: "sales",
    22: "purchase",
    23: "purchase",
    90: "general",
}


class GlAccounts(ExactSyncStream):
    """General-ledger accounts."""

    entity_type: ClassVar[EntityType] = EntityType.GL_ACCOUNT
    entity_model: ClassVar[type[EntityBase]] = GlAccount
    path: ClassVar[str] = "sync/Financial/GLAccounts"
    select: ClassVar[tuple[str, ...]] = (
        "ID",
        "Code",
        "Description",
        "BalanceSide",
        "BalanceType",
        "VATCode",
        "IsBlocked",
        "Timestamp",
    )

    def fields(self, raw: dict[str, Any], administration_id: str) -> dict[str, Any]:
        """BalanceType B is the balance sheet, W (winst en verlies) profit and loss."""
        return {
            "code": code(raw["Code"]) or "",
            "name": str(raw.get("Description") or ""),
            "account_type": "balance" if raw.get("BalanceType") == "B" else "profit_loss",
            "balance_side": {"D": "debit", "C": "credit"}.get(str(raw.get("BalanceSide"))),
            "vat_code": code(raw.get("VATCode")),
            "blocked": bool(raw.get("IsBlocked")),
        }


class Accounts(ExactSyncStream):
    """Relations: customers (Status C) and suppliers (IsSupplier)."""

    entity_type: ClassVar[EntityType] = EntityType.CONTACT
    entity_model: ClassVar[type[EntityBase]] = Contact
    path: ClassVar[str] = "sync/CRM/Accounts"
    select: ClassVar[tuple[str, ...]] = (
        "ID",
        "Code",
        "Name",
        "Status",
        "IsSupplier",
        "VATNumber",
        "ChamberOfCommerce",
        "Email",
        "Timestamp",
    )

    def fields(self, raw: dict[str, Any], administration_id: str) -> dict[str, Any]:
        """Codes lose Exact's 18-character left padding."""
        return {
            "code": code(raw.get("Code")) or "",
            "name": str(raw.get("Name") or ""),
            "is_customer": raw.get("Status") == "C",
            "is_supplier": bool(raw.get("IsSupplier")),
            "vat_number": code(raw.get("VATNumber")),
            "coc_number": code(raw.get("ChamberOfCommerce")),
            "email": code(raw.get("Email")),
        }


class Projects(ExactSyncStream):
    """Projects."""

    entity_type: ClassVar[EntityType] = EntityType.PROJECT
    entity_model: ClassVar[type[EntityBase]] = Project
    path: ClassVar[str] = "sync/Project/Projects"
    select: ClassVar[tuple[str, ...]] = (
        "ID",
        "Code",
        "Description",
        "StartDate",
        "EndDate",
        "Timestamp",
    )

    def fields(self, raw: dict[str, Any], administration_id: str) -> dict[str, Any]:
        """A project and its dates."""
        return {
            "code": code(raw.get("Code")) or "",
            "name": str(raw.get("Description") or ""),
            "start_date": parse_date(raw.get("StartDate")),
            "end_date": parse_date(raw.get("EndDate")),
        }


class PaymentTerms(ExactSyncStream):
    """Payment terms of entries (``sync/Cashflow/PaymentTerms``)."""

    entity_type: ClassVar[EntityType] = EntityType.PAYMENT_TERM
    entity_model: ClassVar[type[EntityBase]] = PaymentTerm
    path: ClassVar[str] = "sync/Cashflow/PaymentTerms"
    select: ClassVar[tuple[str, ...]] = (
        "ID",
        "PaymentCondition",
        "Description",
        "PaymentDays",
        "DueDate",
        "AmountDC",
        "AccountCode",
        "Timestamp",
    )

    def fields(self, raw: dict[str, Any], administration_id: str) -> dict[str, Any]:
        """The condition, due date and amount of one term."""
        days = raw.get("PaymentDays")
        return {
            "code": code(raw.get("PaymentCondition")),
            "description": code(raw.get("Description")),
            "due_days": None if days is None else int(days),
            "due_date": parse_date(raw.get("DueDate")),
            "amount": amount(raw.get("AmountDC")),
            "contact_code": code(raw.get("AccountCode")),
        }


class TransactionLines(ExactSyncStream):
    """Transaction lines; ``AmountDC`` is signed, debit positive; dated by ``Date``.

    Exact's sync endpoints take no filter but ``Timestamp``, so a read bounded by a date
    (a full sync with ``sync_from``, or a manual re-read from ``since``) uses the bulk
    endpoint with ``$filter=Date ge datetime'...'`` (1,000 a page as well). The bulk
    endpoint serves no ``Timestamp``: such lines carry source version 0, so they never
    overwrite a line the sync endpoint gave a real rowversion, and they leave the cursor
    where it was (the next incremental reads the changes since then). Incremental syncs
    read the sync endpoint by ``Timestamp`` and leave out changed lines dated before
    ``sync_from`` (Exact cannot filter them there).
    """

    entity_type: ClassVar[EntityType] = EntityType.TRANSACTION_LINE
    entity_model: ClassVar[type[EntityBase]] = TransactionLine
    path: ClassVar[str] = "sync/Financial/TransactionLines"
    bulk_path: ClassVar[str] = "bulk/Financial/TransactionLines"
    dated: ClassVar[bool] = True
    select: ClassVar[tuple[str, ...]] = (
        "ID",
        "EntryID",
        "EntryNumber",
        "LineNumber",
        "Date",
        "FinancialYear",
        "FinancialPeriod",
        "JournalCode",
        "GLAccountCode",
        "AccountCode",
        "CostCenter",
        "CostUnit",
        "ProjectCode",
        "Description",
        "AmountDC",
        "AmountFC",
        "Currency",
        "VATCode",
        "AmountVATFC",
        "Timestamp",
    )

    def _by_date(self, context: StreamContext) -> bool:
        return context.date_from is not None and (context.mode is SyncMode.FULL or context.reread)

    def filters_dates_at_source(self, context: StreamContext) -> bool:
        """Only the bulk endpoint filters on ``Date``; the sync endpoint cannot."""
        return context.date_from is None or self._by_date(context)

    def first_page(self, context: StreamContext) -> PageRequest:
        """The bulk endpoint filtered on ``Date`` when a date bounds the read, else the sync one."""
        if not self._by_date(context):
            return super().first_page(context)
        assert context.date_from is not None
        select = ",".join(f for f in self.select if f != "Timestamp")
        return PageRequest(
            f"/api/v1/{context.external_id}/{self.bulk_path}",
            {
                "$select": select,
                "$filter": f"Date ge datetime'{context.date_from.isoformat()}'",
            },
        )

    def version(self, raw: dict[str, Any]) -> int:
        """``Timestamp``; the bulk endpoint of a full sync has none (0)."""
        return int(raw.get("Timestamp") or 0)

    def fields(self, raw: dict[str, Any], administration_id: str) -> dict[str, Any]:
        """Amounts become Decimal from their JSON text."""
        date = parse_date(raw.get("Date"))
        line_amount = amount(raw.get("AmountDC"))
        if date is None or line_amount is None:
            raise ValueError(f"transaction line {raw.get('ID')} has no Date or AmountDC")
        return {
            "entry_id": str(raw["EntryID"]),
            "entry_number": _int(raw.get("EntryNumber")),
            "line_number": _int(raw.get("LineNumber")),
            "date": date,
            "fiscal_year": _int(raw.get("FinancialYear")),
            "fiscal_period": _int(raw.get("FinancialPeriod")),
            "daybook_code": code(raw.get("JournalCode")),
            "gl_account_code": code(raw.get("GLAccountCode")) or "",
            "contact_code": code(raw.get("AccountCode")),
            "cost_center_code": code(raw.get("CostCenter")),
            "cost_unit_code": code(raw.get("CostUnit")),
            "project_code": code(raw.get("ProjectCode")),
            "description": raw.get("Description"),
            "amount": line_amount,
            "currency": str(raw.get("Currency") or "EUR"),
            "amount_fc": amount(raw.get("AmountFC")),
            "vat_code": code(raw.get("VATCode")),
            "vat_amount": amount(raw.get("AmountVATFC")),
        }


class VatCodes(ExactStream):
    """VAT codes; Exact's percentage is a fraction (0.21)."""

    entity_type: ClassVar[EntityType] = EntityType.VAT_CODE
    entity_model: ClassVar[type[EntityBase]] = VatCode
    path: ClassVar[str] = "vat/VATCodes"
    select: ClassVar[tuple[str, ...]] = (
        "ID",
        "Code",
        "Description",
        "Percentage",
        "VATTransactionType",
        "IsBlocked",
        "Modified",
    )

    def fields(self, raw: dict[str, Any], administration_id: str) -> dict[str, Any]:
        """Sales (S), purchase (P) or neither."""
        fraction = amount(raw.get("Percentage")) or Decimal(0)
        return {
            "code": code(raw.get("Code")) or "",
            "description": str(raw.get("Description") or ""),
            "percentage": (fraction * 100).normalize() if fraction else fraction * 1,
            "vat_type": {"S": "sales", "P": "purchase"}.get(
                str(raw.get("VATTransactionType")), "none"
            ),
            "active": not raw.get("IsBlocked", False),
        }


class Journals(ExactStream):
    """Journals: Exact's daybooks."""

    entity_type: ClassVar[EntityType] = EntityType.DAYBOOK
    entity_model: ClassVar[type[EntityBase]] = Daybook
    path: ClassVar[str] = "financial/Journals"
    select: ClassVar[tuple[str, ...]] = (
        "ID",
        "Code",
        "Description",
        "Type",
        "GLAccountCode",
        "Modified",
    )

    def fields(self, raw: dict[str, Any], administration_id: str) -> dict[str, Any]:
        """Journal type 10 cash, 12 bank, 20/21 sales, 22/23 purchase, 90 general."""
        return {
            "code": code(raw.get("Code")) or "",
            "name": str(raw.get("Description") or ""),
            "daybook_type": _JOURNAL_TYPES.get(_int(raw.get("Type")) or 0, "other"),
            "gl_account_code": code(raw.get("GLAccountCode")),
        }


class CostCenters(ExactStream):
    """Cost centres."""

    entity_type: ClassVar[EntityType] = EntityType.COST_CENTER
    entity_model: ClassVar[type[EntityBase]] = CostCenter
    path: ClassVar[str] = "hrm/Costcenters"
    select: ClassVar[tuple[str, ...]] = ("ID", "Code", "Description", "EndDate", "Modified")

    def fields(self, raw: dict[str, Any], administration_id: str) -> dict[str, Any]:
        """A cost centre; it is active until its ``EndDate`` (Exact has no Active flag)."""
        return {
            "code": code(raw.get("Code")) or "",
            "name": str(raw.get("Description") or ""),
            "active": self.active_on_today(parse_date(raw.get("EndDate"))),
        }


class CostUnits(ExactStream):
    """Cost units."""

    entity_type: ClassVar[EntityType] = EntityType.COST_UNIT
    entity_model: ClassVar[type[EntityBase]] = CostUnit
    path: ClassVar[str] = "hrm/Costunits"
    select: ClassVar[tuple[str, ...]] = ("ID", "Code", "Description", "EndDate", "Modified")

    def fields(self, raw: dict[str, Any], administration_id: str) -> dict[str, Any]:
        """A cost unit; it is active until its ``EndDate``."""
        return {
            "code": code(raw.get("Code")) or "",
            "name": str(raw.get("Description") or ""),
            "active": self.active_on_today(parse_date(raw.get("EndDate"))),
        }


class FinancialPeriods(ExactStream):
    """Booking periods of each financial year."""

    entity_type: ClassVar[EntityType] = EntityType.FISCAL_PERIOD
    entity_model: ClassVar[type[EntityBase]] = FiscalPeriod
    path: ClassVar[str] = "financial/FinancialPeriods"
    select: ClassVar[tuple[str, ...]] = (
        "ID",
        "FinYear",
        "FinPeriod",
        "StartDate",
        "EndDate",
        "Modified",
    )

    def fields(self, raw: dict[str, Any], administration_id: str) -> dict[str, Any]:
        """A period with its first and last day."""
        start, end = parse_date(raw.get("StartDate")), parse_date(raw.get("EndDate"))
        if start is None or end is None:
            raise ValueError(f"financial period {raw.get('ID')} has no StartDate or EndDate")
        return {
            "fiscal_year": int(raw["FinYear"]),
            "period": int(raw["FinPeriod"]),
            "start_date": start,
            "end_date": end,
        }


def _int(value: Any) -> int | None:
    return None if value is None or value == "" else int(value)


ALL_STREAMS: tuple[type[ExactStream], ...] = (
    GlAccounts,
    VatCodes,
    Journals,
    CostCenters,
    CostUnits,
    Projects,
    Accounts,
    FinancialPeriods,
    PaymentTerms,
    TransactionLines,
)
