"""One stream per entity type on eAccounting's ``/v2`` collections: its own fields."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any, ClassVar

from ledgerbus_connector_eaccounting.client import EAccountingStream, ReferenceCodes
from ledgerbus_connectorkit import PageRequest
from ledgerbus_contracts import EntityType
from ledgerbus_contracts.entities import (
    Contact,
    CostCenter,
    CostUnit,
    EntityBase,
    FiscalPeriod,
    GlAccount,
    Project,
    TransactionLine,
    VatCode,
)
from ledgerbus_servicekit import Clock

_NUMBER = re.compile(r"(\d+)$")


def day(value: Any) -> dt.date:
    """The date of an eAccounting date or date-time."""
    return dt.date.fromisoformat(str(value)[:10])


def amount(value: Any) -> Decimal:
    """A JSON number as the decimal it was written as (0 for none)."""
    return Decimal(str(value)) if value is not None else Decimal(0)


def percentage(rate: Any) -> Decimal:
    """A rate as a fraction (``0.21``) in percent without trailing zeros (``21``)."""
    return (amount(rate) * 100).normalize() + Decimal(0)


def months(year: dict[str, Any]) -> list[dict[str, Any]]:
    """The monthly periods of a fiscal year, as the records the stream maps."""
    start, end = day(year["StartDate"]), day(year["EndDate"])
    periods: list[dict[str, Any]] = []
    first = start.replace(day=1)
    while first <= end:
        following = (first + dt.timedelta(days=32)).replace(day=1)
        periods.append(
            {
                "Id": f"{first:%Y-%m}",
                "Period": len(periods) + 1,
                "StartDate": max(first, start).isoformat(),
                "EndDate": min(following - dt.timedelta(days=1), end).isoformat(),
                "FiscalYear": year,
            }
        )
        first = following
    return periods


class Accounts(EAccountingStream):
    """GL accounts: the current fiscal year's chart, ``Number`` the key (``Type`` 1 is a
    balance-sheet account, 2 profit and loss; Dutch companies only have types)."""

    entity_type = EntityType.GL_ACCOUNT
    entity_model = GlAccount
    path = "accounts"
    primary_key = "Number"

    def __init__(self, codes: ReferenceCodes, clock: Clock | None = None) -> None:
        super().__init__(clock)
        self.codes = codes

    def fields(self, raw: dict[str, Any], administration_id: str) -> dict[str, Any]:
        number = str(raw["Number"])
        typed = raw.get("Type")
        balance = typed == 1 if typed in (1, 2) else number[:1] in ("0", "1", "2", "3")
        return {
            "code": number,
            "name": str(raw.get("Name") or ""),
            "account_type": "balance" if balance else "profit_loss",
            "vat_code": self.codes.of(administration_id).get(raw.get("VatCodeId")),
            "blocked": not raw.get("IsActive", True),
        }


class VatCodes(EAccountingStream):
    """VAT codes with their rate (``VatRate`` is a fraction: 0.21 is 21 %); sales or
    purchase as the Dutch description says (``verkopen``, ``inkopen``)."""

    entity_type = EntityType.VAT_CODE
    entity_model = VatCode
    path = "vatcodes"
    cursor_field = None

    def fields(self, raw: dict[str, Any], administration_id: str) -> dict[str, Any]:
        description = str(raw.get("Description") or "")
        said = description.lower()
        return {
            "code": str(raw.get("Code") or raw["Id"]),
            "description": description,
            "percentage": percentage(raw.get("VatRate")),
            "vat_type": "sales" if "verkop" in said else "purchase" if "inkop" in said else "none",
        }


class Contacts(EAccountingStream):
    """Customers, then suppliers: one contact stream over two collections."""

    entity_type = EntityType.CONTACT
    entity_model = Contact
    path = "customers"
    one_per_datum = False
    cursor_field = "ChangedUtc"

    def next_page(self, payload: Any, current: PageRequest) -> PageRequest | None:
        following = super().next_page(payload, current)
        if following is not None or current.url != "/v2/customers":
            return following
        params = {**(current.params or {}), "$page": "1"}
        if "$filter" in params:
            params["$filter"] = params["$filter"].replace("ChangedUtc", "ModifiedUtc")
        return PageRequest("/v2/suppliers", params)

    def cursor_of(self, raw: dict[str, Any]) -> str | None:
        value = raw.get("ChangedUtc") or raw.get("ModifiedUtc")
        return None if value is None else str(value)

    def fields(self, raw: dict[str, Any], administration_id: str) -> dict[str, Any]:
        customer = "CustomerNumber" in raw
        return {
            "code": str(raw.get("CustomerNumber") or raw.get("SupplierNumber") or ""),
            "name": str(raw.get("Name") or ""),
            "is_customer": customer,
            "is_supplier": not customer,
            "vat_number": raw.get("VatNumber"),
            "coc_number": raw.get("CorporateIdentityNumber"),
            "email": raw.get("EmailAddress"),
            "iban": raw.get("Iban") if customer else raw.get("BankIban"),
        }


class CostCenters(EAccountingStream):
    """Cost centres: the items of cost centre 1, ``ShortName`` their code."""

    entity_type = EntityType.COST_CENTER
    entity_model: ClassVar[type[EntityBase]] = CostCenter
    path = "costcenters"
    one_per_datum = False
    cursor_field = None
    dimension: ClassVar[int] = 1

    def records(self, payload: Any) -> list[dict[str, Any]]:
        return [
            item
            for center in payload["Data"]
            if center.get("Number") == self.dimension
            for item in center.get("Items") or []
        ]

    def fields(self, raw: dict[str, Any], administration_id: str) -> dict[str, Any]:
        return {
            "code": str(raw.get("ShortName") or raw["Id"]),
            "name": str(raw.get("Name") or ""),
            "active": bool(raw.get("IsActive", True)),
        }


class CostUnits(CostCenters):
    """Cost units (kostendragers): the items of cost centre 2."""

    entity_type = EntityType.COST_UNIT
    entity_model = CostUnit
    dimension = 2


class Projects(EAccountingStream):
    """Projects; ``Status`` 1 is ongoing, 2 finished."""

    entity_type = EntityType.PROJECT
    entity_model = Project
    path = "projects"

    def fields(self, raw: dict[str, Any], administration_id: str) -> dict[str, Any]:
        return {
            "code": str(raw["Number"]),
            "name": str(raw.get("Name") or ""),
            "start_date": day(raw["StartDate"]) if raw.get("StartDate") else None,
            "end_date": day(raw["EndDate"]) if raw.get("EndDate") else None,
            "active": raw.get("Status", 1) != 2,
        }


class FiscalYears(EAccountingStream):
    """Fiscal periods: the months of each fiscal year (eAccounting has no periods of its
    own), each ``YYYY-MM`` of its first day."""

    entity_type = EntityType.FISCAL_PERIOD
    entity_model = FiscalPeriod
    path = "fiscalyears"
    one_per_datum = False
    cursor_field = None

    def records(self, payload: Any) -> list[dict[str, Any]]:
        return [month for year in payload["Data"] for month in months(year)]

    def fields(self, raw: dict[str, Any], administration_id: str) -> dict[str, Any]:
        return {
            "fiscal_year": day(raw["FiscalYear"]["StartDate"]).year,
            "period": raw["Period"],
            "start_date": day(raw["StartDate"]),
            "end_date": day(raw["EndDate"]),
        }


class VoucherRows(EAccountingStream):
    """Transaction lines: the rows of every voucher, amount ``DebitAmount - CreditAmount``.

    A row has no id of its own: it is ``<voucher Id>:<its place in Rows, from 1>``.
    Its cost centre item, project and VAT code arrive as ids; the session's client has
    loaded their codes before the page reaches the stream (:class:`ReferenceCodes`).
    """

    entity_type = EntityType.TRANSACTION_LINE
    entity_model = TransactionLine
    path = "vouchers"
    one_per_datum = False
    dated = True

    def __init__(self, codes: ReferenceCodes, clock: Clock | None = None) -> None:
        super().__init__(clock)
        self.codes = codes

    def records(self, payload: Any) -> list[dict[str, Any]]:
        rows = []
        for voucher in payload["Data"]:
            head = {k: v for k, v in voucher.items() if k != "Rows"}
            for number, row in enumerate(voucher.get("Rows") or [], start=1):
                rows.append({**row, "RowNumber": number, "Voucher": head})
        return rows

    def cursor_of(self, raw: dict[str, Any]) -> str | None:
        value = raw["Voucher"].get("ModifiedUtc")
        return None if value is None else str(value)

    def source_id(self, raw: dict[str, Any]) -> str:
        return f"{raw['Voucher']['Id']}:{raw['RowNumber']}"

    def fields(self, raw: dict[str, Any], administration_id: str) -> dict[str, Any]:
        voucher = raw["Voucher"]
        number = _NUMBER.search(str(voucher.get("NumberAndNumberSeries") or ""))
        codes = self.codes.of(administration_id)
        vat_amount = raw.get("VatAmount")
        return {
            "entry_id": str(voucher["Id"]),
            "entry_number": int(number.group(1)) if number else None,
            "line_number": raw["RowNumber"],
            "date": day(voucher["VoucherDate"]),
            "daybook_code": voucher.get("NumberSeries"),
            "gl_account_code": str(raw["AccountNumber"]),
            "cost_center_code": codes.get(raw.get("CostCenterItemId1")),
            "cost_unit_code": codes.get(raw.get("CostCenterItemId2")),
            "project_code": codes.get(raw.get("ProjectId")),
            "vat_code": codes.get(raw.get("VatCodeId")),
            "description": raw.get("TransactionText") or voucher.get("VoucherText"),
            "amount": amount(raw.get("DebitAmount")) - amount(raw.get("CreditAmount")),
            "vat_amount": None if vat_amount is None else amount(vat_amount),
        }
