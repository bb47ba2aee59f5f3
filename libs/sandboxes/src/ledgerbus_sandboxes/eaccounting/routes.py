"""The ``/v2`` read endpoints the sandbox plays, each behind the guard with its scopes
(the swagger's "Requires any of the following scopes" per operation)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from ledgerbus_sandboxes.common import AdministrationData, Sandbox
from ledgerbus_sandboxes.eaccounting.config import EAccountingSandboxConfig
from ledgerbus_sandboxes.eaccounting.errors import ApiError
from ledgerbus_sandboxes.eaccounting.guard import Guard
from ledgerbus_sandboxes.eaccounting.query import Query, Row, paginate, parse_query, select
from ledgerbus_sandboxes.eaccounting.records import EAccountingRenderer

ACCOUNTING = frozenset({"ea:accounting", "ea:accounting_readonly"})
SALES = frozenset({"ea:sales", "ea:sales_readonly"})
PURCHASE = frozenset({"ea:purchase", "ea:purchase_readonly"})
FIELDS = {
    "accounts": "AccountApi",
    "vatcodes": "VatCodeApi",
    "customers": "CustomerApi",
    "suppliers": "SupplierApi",
    "projects": "ProjectApi",
    "costcenters": "CostCenterApi",
    "fiscalyears": "FiscalYearApi",
    "vouchers": "VoucherApi",
}
"""The model of each list (its properties are what ``$filter`` and ``$orderby`` may name)."""


def guid(value: str, what: str) -> str:
    """A GUID path parameter in its canonical form; 400 names a malformed one (UNCONFIRMED)."""
    try:
        return str(uuid.UUID(value))
    except ValueError:
        raise ApiError(400, f"The {what} {value!r} is not a valid GUID") from None


def api_router(
    sandbox: Sandbox,
    config: EAccountingSandboxConfig,
    guard: Guard,
    renderer: EAccountingRenderer,
    fields: Callable[[str], frozenset[str]],
) -> APIRouter:
    """``GET /v2/...``: fiscal years, accounts, VAT codes, customers, suppliers, projects,
    cost centres (and their items), vouchers with their rows, company settings."""
    router = APIRouter(prefix="/v2", tags=["eAccounting v2"])

    def company(request: Request, scopes: frozenset[str]) -> AdministrationData | Response:
        return guard.check(request, scopes)

    def query(request: Request, resource: str) -> Query:
        params = dict(request.query_params)
        return parse_query(
            params, fields(FIELDS[resource]), config.default_page_size, config.max_page_size
        )

    def listing(request: Request, resource: str, rows: list[Row]) -> dict[str, Any]:
        asked = query(request, resource)
        return paginate(select(rows, asked), asked, sandbox.clock.now())

    def one(rows: list[Row], key: str, value: str, what: str) -> Row:
        found = next((r for r in rows if str(r.get(key)) == value), None)
        if found is None:
            raise ApiError(404, f"No {what} with id {value}")
        return found

    def year_of(admin: AdministrationData, fiscal_year_id: str) -> int:
        year = renderer.lookup(admin).year_of(guid(fiscal_year_id, "fiscal year id"))
        if year is None:
            raise ApiError(404, f"No fiscal year with id {fiscal_year_id}")
        return year

    @router.get("/fiscalyears")
    def fiscal_years(request: Request) -> Any:
        admin = company(request, ACCOUNTING | SALES)
        if isinstance(admin, Response):
            return admin
        return listing(request, "fiscalyears", renderer.fiscal_years(admin))

    @router.get("/fiscalyears/{fiscal_year_id}")
    def fiscal_year(request: Request, fiscal_year_id: str) -> Any:
        admin = company(request, ACCOUNTING | SALES)
        if isinstance(admin, Response):
            return admin
        wanted = guid(fiscal_year_id, "fiscal year id")
        return one(renderer.fiscal_years(admin), "Id", wanted, "fiscal year")

    @router.get("/accounts")
    def accounts(request: Request) -> Any:
        admin = company(request, ACCOUNTING)
        if isinstance(admin, Response):
            return admin
        year = renderer.lookup(admin).current_year(renderer.today())
        rows = [] if year is None else renderer.accounts(admin, year)
        return listing(request, "accounts", rows)

    @router.get("/accounts/{fiscal_year_id}")
    def accounts_of_year(request: Request, fiscal_year_id: str) -> Any:
        admin = company(request, ACCOUNTING)
        if isinstance(admin, Response):
            return admin
        rows = renderer.accounts(admin, year_of(admin, fiscal_year_id))
        return listing(request, "accounts", rows)

    @router.get("/accounts/{fiscal_year_id}/{account_number}")
    def account(request: Request, fiscal_year_id: str, account_number: str) -> Any:
        admin = company(request, ACCOUNTING)
        if isinstance(admin, Response):
            return admin
        rows = renderer.accounts(admin, year_of(admin, fiscal_year_id))
        return one(rows, "Number", account_number, "account")

    @router.get("/vatcodes")
    def vat_codes(request: Request) -> Any:
        admin = company(request, ACCOUNTING)
        if isinstance(admin, Response):
            return admin
        return listing(request, "vatcodes", renderer.vat_codes(admin))

    @router.get("/vatcodes/{vat_code_id}")
    def vat_code(request: Request, vat_code_id: str) -> Any:
        admin = company(request, ACCOUNTING)
        if isinstance(admin, Response):
            return admin
        return one(renderer.vat_codes(admin), "Id", guid(vat_code_id, "id"), "vat code")

    @router.get("/customers")
    def customers(request: Request) -> Any:
        admin = company(request, SALES)
        if isinstance(admin, Response):
            return admin
        return listing(request, "customers", renderer.customers(admin))

    @router.get("/customers/{customer_id}")
    def customer(request: Request, customer_id: str) -> Any:
        admin = company(request, SALES)
        if isinstance(admin, Response):
            return admin
        wanted = guid(customer_id, "customer id")
        return one(renderer.customers(admin), "Id", wanted, "customer")

    @router.get("/suppliers")
    def suppliers(request: Request) -> Any:
        admin = company(request, PURCHASE)
        if isinstance(admin, Response):
            return admin
        return listing(request, "suppliers", renderer.suppliers(admin))

    @router.get("/suppliers/{supplier_id}")
    def supplier(request: Request, supplier_id: str) -> Any:
        admin = company(request, PURCHASE)
        if isinstance(admin, Response):
            return admin
        wanted = guid(supplier_id, "supplier id")
        return one(renderer.suppliers(admin), "Id", wanted, "supplier")

    @router.get("/projects")
    def projects(request: Request) -> Any:
        admin = company(request, ACCOUNTING | SALES | PURCHASE)
        if isinstance(admin, Response):
            return admin
        return listing(request, "projects", renderer.projects(admin))

    @router.get("/projects/{project_id}")
    def project(request: Request, project_id: str) -> Any:
        admin = company(request, ACCOUNTING | SALES | PURCHASE)
        if isinstance(admin, Response):
            return admin
        return one(renderer.projects(admin), "Id", guid(project_id, "id"), "project")

    @router.get("/costcenters")
    def cost_centers(request: Request) -> Any:
        admin = company(request, ACCOUNTING | SALES)
        if isinstance(admin, Response):
            return admin
        return listing(request, "costcenters", renderer.cost_centers(admin))

    @router.get("/costcenteritems/{item_id}")
    def cost_center_item(request: Request, item_id: str) -> Any:
        admin = company(request, ACCOUNTING | SALES)
        if isinstance(admin, Response):
            return admin
        items = [i for c in renderer.cost_centers(admin) for i in c["Items"]]
        return one(items, "Id", guid(item_id, "item id"), "cost center item")

    @router.get("/vouchers")
    def vouchers(request: Request) -> Any:
        admin = company(request, ACCOUNTING)
        if isinstance(admin, Response):
            return admin
        return voucher_page(request, admin, None)

    @router.get("/vouchers/{fiscal_year_id}")
    def vouchers_of_year(request: Request, fiscal_year_id: str) -> Any:
        admin = company(request, ACCOUNTING)
        if isinstance(admin, Response):
            return admin
        return voucher_page(request, admin, year_of(admin, fiscal_year_id))

    @router.get("/vouchers/{fiscal_year_id}/{voucher_id}")
    def voucher(request: Request, fiscal_year_id: str, voucher_id: str) -> Any:
        admin = company(request, ACCOUNTING)
        if isinstance(admin, Response):
            return admin
        year, wanted = year_of(admin, fiscal_year_id), guid(voucher_id, "voucher id")
        found = next((v for v in renderer.voucher_list(admin, year) if v.entry_id == wanted), None)
        if found is None:
            raise ApiError(404, f"No voucher with id {voucher_id} in that fiscal year")
        return renderer.voucher(admin, found)

    def voucher_page(request: Request, admin: AdministrationData, year: int | None) -> Any:
        asked = query(request, "vouchers")
        chosen = renderer.voucher_list(admin, year)
        if asked.predicate is None and not asked.order:
            start = (asked.page - 1) * asked.size
            page = [renderer.voucher(admin, v) for v in chosen[start : start + asked.size]]
            body = paginate([{}] * len(chosen), asked, sandbox.clock.now())
            body["Data"] = page
            return body
        rows = [renderer.voucher(admin, v) for v in chosen]
        return paginate(select(rows, asked), asked, sandbox.clock.now())

    @router.get("/companysettings")
    def company_settings(request: Request) -> Any:
        admin = company(request, SALES)
        if isinstance(admin, Response):
            return admin
        return renderer.company_settings(admin)

    return router
