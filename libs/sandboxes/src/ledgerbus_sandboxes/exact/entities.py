"""The entity sets the sandbox serves: each property's name, OData type and value.

Property names and meanings follow picqer/exact-php-client's entity classes (which
carry Exact's REST reference text: ``GLAccount``, ``VatCode``, ``Journal``,
``Costcenter``, ``Costunit``, ``Project``, ``Account``, ``Contact``,
``FinancialPeriod``, ``SyncPaymentTerm``, ``TransactionLine``). A sync endpoint
serves the same properties plus ``Timestamp``. Only the relation ``Code`` of
``crm/Accounts`` is padded (picqer ``Account.php``: "fixed length numeric string with
leading spaces, length 18"), and the fields that carry that code elsewhere.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from ledgerbus_contracts import EntityType
from ledgerbus_sandboxes.common import Record
from ledgerbus_sandboxes.exact.render import JOURNAL_TYPES, exact_date, number, padded

T = EntityType
Value = Callable[[Record], Any]


@dataclass(frozen=True)
class Prop:
    """One property: its name, its type (guid string int double bool datetime), its value."""

    name: str
    kind: str
    value: Value


@dataclass(frozen=True)
class EntitySet:
    """An Exact resource over one of the sandbox's record tables."""

    name: str
    source: EntityType
    props: tuple[Prop, ...]
    derived_id: bool = False
    """True when a row's ID is not the record's id (the key cannot be looked up directly)."""
    mandatory_filter: frozenset[str] | None = None
    """The properties one of which a regular or bulk GET must filter on (None: no rule)."""
    timestamp: bool = field(default=False)

    @cached_property
    def types(self) -> dict[str, str]:
        """Property name to type."""
        return {p.name: p.kind for p in self.props}

    def render(self, record: Record) -> dict[str, Any]:
        """A record as a row of this set."""
        return {p.name: p.value(record) for p in self.props}

    def synced(self) -> EntitySet:
        """The same set as its sync endpoint serves it, with ``Timestamp``."""
        stamp = Prop("Timestamp", "int", lambda r: r["version"])
        return EntitySet(
            self.name,
            self.source,
            (*self.props, stamp),
            self.derived_id,
            self.mandatory_filter,
            True,
        )


def _get(name: str) -> Value:
    return lambda r: r.get(name)


_SIDES = {"debit": "D", "credit": "C"}
ID = Prop("ID", "guid", lambda r: r["id"])
MODIFIED = Prop("Modified", "datetime", lambda r: exact_date(r["modified"]))


def _ended(r: Record) -> str | None:
    """An inactive cost centre or unit has an end date: the day it was last changed."""
    return None if r.get("active", True) else exact_date(r["modified"])


def _contact_id(r: Record) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"ledgerbus-sandbox/contact-person/{r['id']}"))


def _first_name(r: Record) -> str:
    return "Contactpersoon"


def _last_name(r: Record) -> str:
    return str(r["name"])


# The filterable properties of crm/Accounts' mandatory filter that the sandbox serves
# (the list in Exact's 400, quoted in picqer/exact-php-client issue #591).
_ACCOUNT_FILTERS = frozenset(
    {"ID", "Blocked", "ChamberOfCommerce", "Code", "Email", "IsSupplier", "Modified"}
    | {"Name", "Status", "VATNumber"}
)

GL_ACCOUNTS = EntitySet(
    "GLAccounts",
    T.GL_ACCOUNT,
    (
        ID,
        Prop("Code", "string", _get("code")),
        Prop("Description", "string", _get("name")),
        Prop("BalanceType", "string", lambda r: "B" if r["account_type"] == "balance" else "W"),
        Prop("BalanceSide", "string", lambda r: _SIDES.get(r["balance_side"] or "")),
        Prop("VATCode", "string", _get("vat_code")),
        Prop("IsBlocked", "bool", lambda r: bool(r["blocked"])),
        MODIFIED,
    ),
)
VAT_CODES = EntitySet(
    "VATCodes",
    T.VAT_CODE,
    (
        ID,
        Prop("Code", "string", _get("code")),
        Prop("Description", "string", _get("description")),
        Prop("Percentage", "double", lambda r: number(r["percentage"])),
        Prop(
            "VATTransactionType",
            "string",
            lambda r: {"sales": "S", "purchase": "P"}.get(r["vat_type"], "B"),
        ),
        Prop("IsBlocked", "bool", lambda r: not r["active"]),
        MODIFIED,
    ),
)
JOURNALS = EntitySet(
    "Journals",
    T.DAYBOOK,
    (
        ID,
        Prop("Code", "string", _get("code")),
        Prop("Description", "string", _get("name")),
        Prop("Type", "int", lambda r: JOURNAL_TYPES[r["daybook_type"]]),
        Prop("GLAccountCode", "string", _get("gl_account_code")),
        MODIFIED,
    ),
)
COST_CENTERS = EntitySet(
    "Costcenters",
    T.COST_CENTER,
    (
        ID,
        Prop("Code", "string", _get("code")),
        Prop("Description", "string", _get("name")),
        Prop("EndDate", "datetime", _ended),
        MODIFIED,
    ),
)
COST_UNITS = EntitySet("Costunits", T.COST_UNIT, COST_CENTERS.props)
PROJECTS = EntitySet(
    "Projects",
    T.PROJECT,
    (
        ID,
        Prop("Code", "string", _get("code")),
        Prop("Description", "string", _get("name")),
        Prop("StartDate", "datetime", lambda r: exact_date(r["start_date"])),
        Prop("EndDate", "datetime", lambda r: exact_date(r["end_date"])),
        MODIFIED,
    ),
    mandatory_filter=frozenset(),
)
ACCOUNTS = EntitySet(
    "Accounts",
    T.CONTACT,
    (
        ID,
        Prop("Code", "string", lambda r: padded(r["code"])),
        Prop("Name", "string", _get("name")),
        Prop("Status", "string", lambda r: "C" if r["is_customer"] else None),
        Prop("IsSupplier", "bool", lambda r: bool(r["is_supplier"])),
        Prop("IsSales", "bool", lambda r: bool(r["is_customer"])),
        Prop("Blocked", "bool", lambda r: False),
        Prop("VATNumber", "string", _get("vat_number")),
        Prop("ChamberOfCommerce", "string", _get("coc_number")),
        Prop("Email", "string", _get("email")),
        MODIFIED,
    ),
    mandatory_filter=_ACCOUNT_FILTERS,
)
CONTACTS = EntitySet(
    "Contacts",
    T.CONTACT,
    (
        Prop("ID", "guid", _contact_id),
        Prop("Account", "guid", lambda r: r["id"]),
        Prop("AccountName", "string", _get("name")),
        Prop("AccountIsCustomer", "bool", lambda r: bool(r["is_customer"])),
        Prop("AccountIsSupplier", "bool", lambda r: bool(r["is_supplier"])),
        Prop("Code", "string", lambda r: padded(r["code"])),
        Prop("FirstName", "string", _first_name),
        Prop("LastName", "string", _last_name),
        Prop("FullName", "string", lambda r: f"{_first_name(r)} {_last_name(r)}"),
        Prop("Email", "string", _get("email")),
        Prop("BusinessEmail", "string", _get("email")),
        Prop("IsMainContact", "bool", lambda r: True),
        MODIFIED,
    ),
    derived_id=True,
    mandatory_filter=frozenset(),
)
FINANCIAL_PERIODS = EntitySet(
    "FinancialPeriods",
    T.FISCAL_PERIOD,
    (
        ID,
        Prop("FinYear", "int", _get("fiscal_year")),
        Prop("FinPeriod", "int", _get("period")),
        Prop("StartDate", "datetime", lambda r: exact_date(r["start_date"])),
        Prop("EndDate", "datetime", lambda r: exact_date(r["end_date"])),
        MODIFIED,
    ),
)
PAYMENT_TERMS = EntitySet(
    "PaymentTerms",
    T.PAYMENT_TERM,
    (
        ID,
        Prop("PaymentCondition", "string", _get("code")),
        Prop("Description", "string", _get("description")),
        Prop("PaymentDays", "int", _get("due_days")),
        Prop("DueDate", "datetime", lambda r: exact_date(r["due_date"])),
        Prop("AmountDC", "double", lambda r: number(r["amount"])),
        Prop("AccountCode", "string", lambda r: padded(r["contact_code"])),
        MODIFIED,
    ),
)
TRANSACTION_LINES = EntitySet(
    "TransactionLines",
    T.TRANSACTION_LINE,
    (
        ID,
        Prop("EntryID", "guid", _get("entry_id")),
        Prop("EntryNumber", "int", _get("entry_number")),
        Prop("LineNumber", "int", _get("line_number")),
        Prop("Date", "datetime", lambda r: exact_date(r["date"])),
        Prop("FinancialYear", "int", _get("fiscal_year")),
        Prop("FinancialPeriod", "int", _get("fiscal_period")),
        Prop("JournalCode", "string", _get("daybook_code")),
        Prop("GLAccountCode", "string", _get("gl_account_code")),
        Prop("AccountCode", "string", lambda r: padded(r["contact_code"])),
        Prop("CostCenter", "string", _get("cost_center_code")),
        Prop("CostUnit", "string", _get("cost_unit_code")),
        Prop("ProjectCode", "string", _get("project_code")),
        Prop("Description", "string", _get("description")),
        Prop("AmountDC", "double", lambda r: number(r["amount"])),
        Prop("AmountFC", "double", lambda r: number(r["amount_fc"])),
        Prop("Currency", "string", _get("currency")),
        Prop("VATCode", "string", _get("vat_code")),
        Prop("AmountVATFC", "double", lambda r: number(r["vat_amount"])),
        Prop("YourRef", "string", _get("your_ref")),
        MODIFIED,
    ),
    mandatory_filter=frozenset(),
)

REGULAR: dict[str, EntitySet] = {
    "financial/glaccounts": EntitySet(
        GL_ACCOUNTS.name, GL_ACCOUNTS.source, GL_ACCOUNTS.props, mandatory_filter=frozenset()
    ),
    "vat/vatcodes": VAT_CODES,
    "financial/journals": JOURNALS,
    "hrm/costcenters": COST_CENTERS,
    "hrm/costunits": COST_UNITS,
    "project/projects": PROJECTS,
    "crm/accounts": ACCOUNTS,
    "crm/contacts": CONTACTS,
    "financial/financialperiods": FINANCIAL_PERIODS,
    "financialtransaction/transactionlines": TRANSACTION_LINES,
}
"""Regular endpoints (60 rows a page), by lower-case ``service/Resource``."""

BULK: dict[str, EntitySet] = {
    "financial/glaccounts": REGULAR["financial/glaccounts"],
    "crm/accounts": ACCOUNTS,
    "crm/contacts": CONTACTS,
    "financial/transactionlines": TRANSACTION_LINES,
}
"""Bulk endpoints (1,000 rows a page, ``$select`` required): picqer's ``Bulk*`` classes
for the types the sandbox has."""

SYNC: dict[str, EntitySet] = {
    "financial/glaccounts": GL_ACCOUNTS.synced(),
    "crm/accounts": ACCOUNTS.synced(),
    "crm/contacts": CONTACTS.synced(),
    "project/projects": PROJECTS.synced(),
    "cashflow/paymentterms": PAYMENT_TERMS.synced(),
    "financial/transactionlines": TRANSACTION_LINES.synced(),
}
"""Sync endpoints (1,000 rows a page in Timestamp order)."""

BY_TYPE: dict[EntityType, EntitySet] = {
    s.source: s for s in (*SYNC.values(), VAT_CODES, JOURNALS, COST_CENTERS, COST_UNITS)
} | {T.FISCAL_PERIOD: FINANCIAL_PERIODS, T.CONTACT: SYNC["crm/accounts"]}
"""The shape in which the control API shows each type's records."""


def render(entity_type: EntityType, record: Record) -> dict[str, Any]:
    """One record as Exact serves it (its sync shape where it has one), for the control API."""
    return BY_TYPE[entity_type].render(record)
