"""Package-neutral sandbox records in eAccounting's v2 JSON (the swagger models' fields).

Amounts are JSON numbers with at most two decimals (``DebitAmount``: "Format: Max 2
decimals"), from the sandbox's Decimals. Date-times are UTC with milliseconds and ``Z``;
dates (``VoucherDate``, ``StartDate``, ``EndDate``) are midnight without an offset, as .NET
writes a date-only ``DateTime`` (UNCONFIRMED both). Ids are the sandbox's GUIDs.
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from ledgerbus_contracts import EntityType
from ledgerbus_sandboxes.common import AdministrationData, Record
from ledgerbus_sandboxes.common.data import EPOCH
from ledgerbus_sandboxes.eaccounting.query import utc
from ledgerbus_sandboxes.eaccounting.vouchers import Voucher

T = EntityType
COST_CENTER_DIMENSIONS = {T.COST_CENTER: (1, "Kostenplaats"), T.COST_UNIT: (2, "Kostendrager")}
"""eAccounting has up to three cost centres, each a list of items: the sandbox's cost centres
are the items of cost centre 1 and its cost units those of cost centre 2 (UNCONFIRMED)."""
VOUCHER_TYPES = {"sales": 14, "purchase": 12, "general": 2, "cash": 2}
"""VoucherType by daybook kind: CustomerInvoiceDebit, SupplierInvoiceDebit, ManualVoucher;
a bank voucher is a BankTransactionDeposit (10) or Withdrawal (11) by its bank row's sign."""
NUMBER_SERIES = {"sales": "V", "purchase": "I", "bank": "B", "cash": "K", "general": "A"}
"""The voucher series letter by daybook kind (UNCONFIRMED: no source lists a company's)."""


def date(value: dt.date | None) -> str | None:
    """A date as a midnight date-time without offset."""
    return None if value is None else f"{value.isoformat()}T00:00:00"


def moment(value: dt.datetime | None) -> str | None:
    return None if value is None else utc(value)


def money(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def account_number(code: object) -> int:
    """A GL account code as the row's integer ``AccountNumber`` (its digits; 0 for none)."""
    digits = "".join(c for c in str(code) if c.isdigit())
    return int(digits) if digits else 0


def company_id(key: str, kind: str, name: object) -> str:
    """A stable GUID for something the sandbox derives (fiscal years, cost centres)."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"ledgerbus-sandbox/{key}/{kind}/{name}"))


class Lookup:
    """One company's records by code, its fiscal years and cost centres, at a version."""

    def __init__(self, admin: AdministrationData) -> None:
        self.admin = admin
        self.version = admin.version
        self.codes: dict[EntityType, dict[str, Record]] = {
            t: {str(r["code"]): r for r in admin.table(t).rows() if r.get("code") is not None}
            for t in (T.GL_ACCOUNT, T.VAT_CODE, T.COST_CENTER, T.COST_UNIT, T.PROJECT, T.CONTACT)
        }
        self.daybook_kinds = {
            str(r["code"]): str(r.get("daybook_type")) for r in admin.table(T.DAYBOOK).rows()
        }
        years = {int(r["fiscal_year"]) for r in admin.table(T.FISCAL_PERIOD).rows()}
        self.years = sorted(years)

    def get(self, entity_type: EntityType, code: object) -> Record | None:
        return None if code is None else self.codes[entity_type].get(str(code))

    def year_id(self, year: int) -> str:
        return company_id(self.admin.key, "fiscalyear", year)

    def year_of(self, fiscal_year_id: str) -> int | None:
        return next((y for y in self.years if self.year_id(y) == fiscal_year_id), None)

    def current_year(self, today: dt.date) -> int | None:
        """The fiscal year holding ``today``, else the latest one."""
        if today.year in self.years:
            return today.year
        return self.years[-1] if self.years else None

    # -- the models ---------------------------------------------------------------------

    def fiscal_year(self, year: int, today: dt.date) -> dict[str, Any]:
        """FiscalYearApi (calendar years; a year before the current one is locked)."""
        return {
            "Id": self.year_id(year),
            "StartDate": date(dt.date(year, 1, 1)),
            "EndDate": date(dt.date(year, 12, 31)),
            "IsLockedForAccounting": year < today.year,
            "BookkeepingMethod": 0,
        }

    def account(self, record: Record, year: int) -> dict[str, Any]:
        """AccountApi of a GL account in one fiscal year (Dutch company: Type set)."""
        vat = self.get(T.VAT_CODE, record.get("vat_code"))
        balance = record.get("account_type") == "balance"
        return {
            "Name": record["name"],
            "Number": str(record["code"]),
            "VatCodeId": None if vat is None else vat["id"],
            "VatCodeDescription": None if vat is None else vat["description"],
            "FiscalYearId": self.year_id(year),
            "ReferenceCode": None,
            "Type": 1 if balance else 2,
            "TypeDescription": "Balans" if balance else "Winst en verlies",
            "ModifiedUtc": moment(record.get("modified")),
            "CreatedUtc": moment(EPOCH),
            "IsActive": not record.get("blocked", False),
            "IsProjectAllowed": True,
            "IsCostCenterAllowed": True,
            "IsBlockedForManualBooking": False,
        }

    def vat_code(self, record: Record) -> dict[str, Any]:
        """VatCodeApi: ``VatRate`` a fraction (0.21), the VAT account in ``RelatedAccounts``."""
        chart = self.admin.chart
        kind = record.get("vat_type")
        account = None
        if chart is not None and kind in ("sales", "purchase"):
            account = account_number(chart.vat_payable if kind == "sales" else chart.vat_receivable)
        return {
            "Id": record["id"],
            "Code": str(record["code"]),
            "Description": record["description"],
            "VatRate": float(Decimal(str(record["percentage"]))),
            "OssCodeType": 0,
            "RelatedAccounts": {
                "AccountNumber1": account,
                "AccountNumber2": None,
                "AccountNumber3": None,
            },
        }

    def customer(self, record: Record) -> dict[str, Any]:
        """CustomerApi (the required fields and those a reader uses)."""
        return {
            "Id": record["id"],
            "CustomerNumber": str(record["code"]),
            "CorporateIdentityNumber": record.get("coc_number"),
            "CurrencyCode": "EUR",
            "EmailAddress": record.get("email"),
            "InvoiceAddress1": None,
            "InvoiceCity": "Amsterdam",
            "InvoiceCountryCode": "NL",
            "InvoicePostalCode": "1011 AB",
            "Name": record["name"],
            "TermsOfPaymentId": company_id(self.admin.key, "termsofpayment", 30),
            "VatNumber": record.get("vat_number"),
            "IsPrivatePerson": False,
            "ChangedUtc": moment(record.get("modified")),
            "IsActive": True,
            "Iban": record.get("iban"),
        }

    def supplier(self, record: Record) -> dict[str, Any]:
        """SupplierApi (the required fields and those a reader uses)."""
        return {
            "Id": record["id"],
            "SupplierNumber": str(record["code"]),
            "City": "Utrecht",
            "CountryCode": "NL",
            "CorporateIdentityNumber": record.get("coc_number"),
            "CreatedUtc": moment(EPOCH),
            "CurrencyCode": "EUR",
            "EmailAddress": record.get("email"),
            "ModifiedUtc": moment(record.get("modified")),
            "Name": record["name"],
            "TermsOfPaymentId": company_id(self.admin.key, "termsofpayment", 30),
            "VatNumber": record.get("vat_number"),
            "BankIban": record.get("iban"),
            "IsActive": True,
        }

    def project(self, record: Record, today: dt.date) -> dict[str, Any]:
        """ProjectApi: Status 1 ongoing, 2 finished (ended before today)."""
        end = record.get("end_date")
        return {
            "Id": record["id"],
            "Number": str(record["code"]),
            "Name": record["name"],
            "StartDate": date(record.get("start_date")),
            "EndDate": date(end),
            "CustomerId": None,
            "CustomerName": None,
            "Notes": None,
            "Status": 2 if end is not None and end < today else 1,
            "ModifiedUtc": moment(record.get("modified")),
        }

    def cost_center_item(self, entity_type: EntityType, record: Record) -> dict[str, Any]:
        """CostCenterItemApi of a cost centre (dimension 1) or cost unit (dimension 2)."""
        number, _ = COST_CENTER_DIMENSIONS[entity_type]
        return {
            "CostCenterId": company_id(self.admin.key, "costcenter", number),
            "Id": record["id"],
            "Name": record["name"],
            "ShortName": str(record["code"])[:9],
            "IsActive": bool(record.get("active", True)),
            "CreatedUtc": moment(EPOCH),
        }

    def cost_centers(self) -> list[dict[str, Any]]:
        """CostCenterApi: the dimensions with their items."""
        out = []
        for entity_type, (number, name) in COST_CENTER_DIMENSIONS.items():
            items = [
                self.cost_center_item(entity_type, r) for r in self.admin.table(entity_type).rows()
            ]
            out.append(
                {
                    "Name": name,
                    "Number": number,
                    "IsActive": True,
                    "Items": items,
                    "Id": company_id(self.admin.key, "costcenter", number),
                }
            )
        return out

    def voucher(self, voucher: Voucher) -> dict[str, Any]:
        """VoucherApi with its rows (debit = credit over the rows)."""
        head = voucher.lines[0]
        kind = self.daybook_kinds.get(str(head.get("daybook_code")), "general")
        voucher_type = VOUCHER_TYPES.get(kind, 2)
        if kind == "bank":
            voucher_type = 10 if head["amount"] >= 0 else 11
        series = NUMBER_SERIES.get(kind, "A")
        modified = max(line["modified"] for line in voucher.lines)
        created = min(line["modified"] for line in voucher.lines)
        text = str(head.get("description") or "").rsplit(" regel ", 1)[0]
        return {
            "Id": voucher.entry_id,
            "VoucherDate": date(head["date"]),
            "VoucherText": text[:1000],
            "Rows": [self.row(line) for line in voucher.lines],
            "NumberAndNumberSeries": f"{series}{voucher.number}",
            "NumberSeries": series,
            "Attachments": None,
            "ModifiedUtc": moment(modified),
            "VoucherType": voucher_type,
            "SourceId": None,
            "CreatedUtc": moment(created),
        }

    def row(self, line: Record) -> dict[str, Any]:
        """VoucherRowApi of a line: a positive amount is a debit, a negative one a credit."""
        amount: Decimal = line["amount"]
        account = self.get(T.GL_ACCOUNT, line["gl_account_code"])
        vat = self.get(T.VAT_CODE, line.get("vat_code"))
        center = self.get(T.COST_CENTER, line.get("cost_center_code"))
        unit = self.get(T.COST_UNIT, line.get("cost_unit_code"))
        project = self.get(T.PROJECT, line.get("project_code"))
        label = None
        if vat is not None:
            percent = (Decimal(str(vat["percentage"])) * 100).normalize()
            label = f"{vat['code']} - {percent:f}%"
        return {
            "AccountNumber": account_number(line["gl_account_code"]),
            "AccountDescription": None if account is None else account["name"],
            "DebitAmount": money(amount if amount > 0 else Decimal("0.00")),
            "CreditAmount": money(-amount if amount < 0 else Decimal("0.00")),
            "TransactionText": (line.get("description") or "")[:60] or None,
            "CostCenterItemId1": None if center is None else center["id"],
            "CostCenterItemId2": None if unit is None else unit["id"],
            "CostCenterItemId3": None,
            "VatCodeId": None if vat is None else vat["id"],
            "VatCodeAndPercent": label,
            "VatAmount": money(line.get("vat_amount")),
            "ProjectId": None if project is None else project["id"],
        }
