"""The rows each ``/v2`` resource serves, and the control API's view of the sandbox records.

The control API shows a record as the API serves it plus ``id``, the source id a connector
gives it: an account's ``Number``, a VAT code's, relation's, project's or cost-centre item's
``Id``, a fiscal period ``<year>-<MM>`` (eAccounting serves fiscal years only: a connector
derives the twelve monthly periods of each), and a transaction line ``<VoucherId>:<row>``
(its 1-based position in its voucher's ``Rows``; voucher rows carry no id of their own).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ledgerbus_contracts import EntityType
from ledgerbus_sandboxes.common import AdministrationData, Record, SandboxClock, SandboxData
from ledgerbus_sandboxes.eaccounting.render import Lookup, date
from ledgerbus_sandboxes.eaccounting.vouchers import Voucher, Vouchers

T = EntityType
Row = dict[str, Any]


class EAccountingRenderer:
    """Renders the records of a sandbox's companies, references resolved."""

    def __init__(self, data: SandboxData, clock: SandboxClock) -> None:
        self.data, self.clock = data, clock
        self.vouchers = Vouchers()
        self._lookups: dict[str, Lookup] = {}
        self._rendered: tuple[tuple[str, int, int | None], list[Row]] | None = None

    def today(self) -> dt.date:
        return self.clock.now().date()

    def lookup(self, admin: AdministrationData) -> Lookup:
        """The company's index, rebuilt after any change."""
        found = self._lookups.get(admin.key)
        if found is None or found.version != admin.version:
            found = self._lookups[admin.key] = Lookup(admin)
        return found

    # -- what the API serves ------------------------------------------------------------

    def fiscal_years(self, admin: AdministrationData) -> list[Row]:
        lookup = self.lookup(admin)
        return [lookup.fiscal_year(year, self.today()) for year in lookup.years]

    def accounts(self, admin: AdministrationData, year: int) -> list[Row]:
        lookup = self.lookup(admin)
        rows = sorted(admin.table(T.GL_ACCOUNT).rows(), key=lambda r: _number_key(r["code"]))
        return [lookup.account(r, year) for r in rows]

    def vat_codes(self, admin: AdministrationData) -> list[Row]:
        lookup = self.lookup(admin)
        return [lookup.vat_code(r) for r in admin.table(T.VAT_CODE).rows()]

    def customers(self, admin: AdministrationData) -> list[Row]:
        lookup = self.lookup(admin)
        rows = [r for r in admin.table(T.CONTACT).rows() if r.get("is_customer")]
        return [lookup.customer(r) for r in sorted(rows, key=lambda r: str(r["code"]))]

    def suppliers(self, admin: AdministrationData) -> list[Row]:
        lookup = self.lookup(admin)
        rows = [r for r in admin.table(T.CONTACT).rows() if r.get("is_supplier")]
        return [lookup.supplier(r) for r in sorted(rows, key=lambda r: str(r["code"]))]

    def projects(self, admin: AdministrationData) -> list[Row]:
        lookup = self.lookup(admin)
        rows = sorted(admin.table(T.PROJECT).rows(), key=lambda r: str(r["code"]))
        return [lookup.project(r, self.today()) for r in rows]

    def cost_centers(self, admin: AdministrationData) -> list[Row]:
        return self.lookup(admin).cost_centers()

    def voucher_list(self, admin: AdministrationData, year: int | None) -> list[Voucher]:
        """The company's vouchers in number order, of one fiscal year or all."""
        index = self.vouchers.of(admin)
        if year is None:
            return index.vouchers
        return [v for v in index.vouchers if v.lines[0]["date"].year == year]

    def voucher(self, admin: AdministrationData, voucher: Voucher) -> Row:
        return self.lookup(admin).voucher(voucher)

    def rendered_vouchers(self, admin: AdministrationData, year: int | None) -> list[Row]:
        """Every voucher of a fiscal year (or all) rendered, kept until the data changes, so
        the pages of a filtered read cost one rendering."""
        key = (admin.key, admin.version, year)
        if self._rendered is None or self._rendered[0] != key:
            lookup = self.lookup(admin)
            rows = [lookup.voucher(v) for v in self.voucher_list(admin, year)]
            self._rendered = (key, rows)
        return self._rendered[1]

    def company_settings(self, admin: AdministrationData) -> Row:
        """CompanySettingsApi (the required fields and those a reader uses);
        ``CompanyIdentifier`` is the sandbox's company key (UNCONFIRMED)."""
        return {
            "Name": admin.name,
            "Email": "administratie@demo.example",
            "Phone": "020-1234567",
            "Address1": "Damrak 1",
            "CountryCode": "NL",
            "PostalCode": "1012 LG",
            "City": "Amsterdam",
            "CurrencyCode": "EUR",
            "CorporateIdentityNumber": "12345678",
            "VatCode": "NL001234567B01",
            "UsesCostCenter": True,
            "UsesProject": True,
            "CompanyIdentifier": admin.key,
        }

    # -- the control API's view ---------------------------------------------------------

    def owner(self, entity_type: EntityType, record: Record) -> AdministrationData:
        """The company that holds a record (the first one for a record held nowhere)."""
        companies = list(self.data.administrations.values())
        for admin in companies:
            if str(record["id"]) in admin.table(entity_type):
                return admin
        return companies[0]

    def __call__(self, entity_type: EntityType, record: Record) -> dict[str, Any]:
        """A record as the control API shows it: as the API serves it, plus ``id``."""
        admin = self.owner(entity_type, record)
        lookup = self.lookup(admin)
        if entity_type is T.GL_ACCOUNT:
            year = lookup.current_year(self.today()) or self.today().year
            account = lookup.account(record, year)
            return {"id": account["Number"], **account}
        if entity_type is T.VAT_CODE:
            return {"id": record["id"], **lookup.vat_code(record)}
        if entity_type is T.CONTACT:
            shown = (
                lookup.customer(record) if record.get("is_customer") else lookup.supplier(record)
            )
            return {"id": record["id"], **shown}
        if entity_type in (T.COST_CENTER, T.COST_UNIT):
            return {"id": record["id"], **lookup.cost_center_item(entity_type, record)}
        if entity_type is T.PROJECT:
            return {"id": record["id"], **lookup.project(record, self.today())}
        if entity_type is T.FISCAL_PERIOD:
            return {
                "id": f"{record['fiscal_year']}-{record['period']:02d}",
                "FiscalYearId": lookup.year_id(int(record["fiscal_year"])),
                "Year": record["fiscal_year"],
                "Period": record["period"],
                "StartDate": date(record["start_date"]),
                "EndDate": date(record["end_date"]),
            }
        if entity_type is T.TRANSACTION_LINE:
            return self.line(admin, record)
        return {"id": str(record.get("code") or record["id"])}

    def line(self, admin: AdministrationData, record: Record) -> dict[str, Any]:
        """A line as its voucher row, with the voucher's id, number and date."""
        index = self.vouchers.of(admin)
        row = index.row_of.get(str(record["id"]), int(record.get("line_number") or 0))
        entry_id = str(record["entry_id"])
        return {
            "id": f"{entry_id}:{row}",
            "VoucherId": entry_id,
            "VoucherNumber": record["entry_number"],
            "VoucherDate": date(record["date"]),
            "Row": row,
            **self.lookup(admin).row(record),
        }


def _number_key(code: object) -> tuple[int, str]:
    text = str(code)
    return (int(text), text) if text.isdigit() else (1 << 62, text)
