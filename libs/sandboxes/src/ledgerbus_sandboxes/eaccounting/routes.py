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
from ledgerbus_sandboxes.eaccounting.query import (
    Fields,
    Query,
    Row,
    paginate,
    parse_query,
    select,
)
from ledgerbus_sandboxes.eaccounting.records import EAccountingRenderer

ACCOUNTING = frozenset({"ea:accounting", "ea:accounting_readonly"})
SALES = frozenset({"ea:sales", "ea:sales_readonly"})
PURCHASE = frozenset({"ea:purchase", "ea:purchase_readonly"})
Params = dict[str, str]
Serve = Callable[[Request, AdministrationData, Params], Any]


def guid(value: str, what: str) -> str:
    """A GUID path parameter in its canonical form; 400 names a malformed one (UNCONFIRMED)."""
    try:
        return str(uuid.UUID(value))
    except ValueError:
        raise ApiError(400, f"The {what} {value!r} is not a valid GUID") from None


def one(rows: list[Row], key: str, value: str, what: str) -> Row:
    """The row whose ``key`` is ``value``; 404 in the envelope for none."""
    found = next((r for r in rows if str(r.get(key)) == value), None)
    if found is None:
        raise ApiError(404, f"No {what} with id {value}")
    return found


def api_router(
    sandbox: Sandbox,
    config: EAccountingSandboxConfig,
    guard: Guard,
    renderer: EAccountingRenderer,
    fields: Callable[[str], Fields],
) -> APIRouter:
    """``GET /v2/...``: fiscal years, accounts, VAT codes, customers, suppliers, projects,
    cost centres (and their items), vouchers with their rows, company settings."""
    router = APIRouter(prefix="/v2", tags=["eAccounting v2"])

    def served(path: str, scopes: frozenset[str], serve: Serve) -> None:
        """``GET /v2<path>``: the guard, then ``serve`` with the company and path parameters."""

        def endpoint(request: Request) -> Any:
            admin = guard.check(request, scopes)
            if isinstance(admin, Response):
                return admin
            return serve(request, admin, dict(request.path_params))

        endpoint.__name__ = "get" + path.replace("/", "_").replace("{", "").replace("}", "")
        router.add_api_route(path, endpoint, methods=["GET"])

    def query(request: Request, model: str) -> Query:
        return parse_query(
            dict(request.query_params),
            fields(model),
            config.default_page_size,
            config.max_page_size,
        )

    def listing(model: str, rows: Callable[[AdministrationData, Params], list[Row]]) -> Serve:
        def serve(request: Request, admin: AdministrationData, params: Params) -> Any:
            asked = query(request, model)
            return paginate(select(rows(admin, params), asked), asked, sandbox.clock.now())

        return serve

    def single(
        rows: Callable[[AdministrationData, Params], list[Row]], key: str, param: str, what: str
    ) -> Serve:
        def serve(request: Request, admin: AdministrationData, params: Params) -> Any:
            value = params[param] if key == "Number" else guid(params[param], f"{what} id")
            return one(rows(admin, params), key, value, what)

        return serve

    def year_of(admin: AdministrationData, params: Params) -> int:
        fiscal_year_id = params["fiscal_year_id"]
        year = renderer.lookup(admin).year_of(guid(fiscal_year_id, "fiscal year id"))
        if year is None:
            raise ApiError(404, f"No fiscal year with id {fiscal_year_id}")
        return year

    def current_accounts(admin: AdministrationData, params: Params) -> list[Row]:
        year = renderer.lookup(admin).current_year(renderer.today())
        return [] if year is None else renderer.accounts(admin, year)

    def year_accounts(admin: AdministrationData, params: Params) -> list[Row]:
        return renderer.accounts(admin, year_of(admin, params))

    def items(admin: AdministrationData, params: Params) -> list[Row]:
        return [item for centre in renderer.cost_centers(admin) for item in centre["Items"]]

    def vouchers(request: Request, admin: AdministrationData, params: Params) -> Any:
        year = year_of(admin, params) if "fiscal_year_id" in params else None
        asked = query(request, "VoucherApi")
        if asked.predicate is not None or asked.order:
            rows = renderer.rendered_vouchers(admin, year)
            return paginate(select(rows, asked), asked, sandbox.clock.now())
        chosen = renderer.voucher_list(admin, year)
        start = (asked.page - 1) * asked.size
        page = [renderer.voucher(admin, v) for v in chosen[start : start + asked.size]]
        return paginate(page, asked, sandbox.clock.now(), total=len(chosen))

    def voucher(request: Request, admin: AdministrationData, params: Params) -> Any:
        year, wanted = year_of(admin, params), guid(params["voucher_id"], "voucher id")
        found = next((v for v in renderer.voucher_list(admin, year) if v.entry_id == wanted), None)
        if found is None:
            raise ApiError(404, f"No voucher with id {wanted} in that fiscal year")
        return renderer.voucher(admin, found)

    years = (ACCOUNTING | SALES, lambda a, p: renderer.fiscal_years(a))
    vat = (ACCOUNTING, lambda a, p: renderer.vat_codes(a))
    customers = (SALES, lambda a, p: renderer.customers(a))
    suppliers = (PURCHASE, lambda a, p: renderer.suppliers(a))
    projects = (ACCOUNTING | SALES | PURCHASE, lambda a, p: renderer.projects(a))
    centres = (ACCOUNTING | SALES, lambda a, p: renderer.cost_centers(a))
    served("/fiscalyears", years[0], listing("FiscalYearApi", years[1]))
    served(
        "/fiscalyears/{fiscal_year_id}",
        years[0],
        single(years[1], "Id", "fiscal_year_id", "fiscal year"),
    )
    served("/accounts", ACCOUNTING, listing("AccountApi", current_accounts))
    served("/accounts/{fiscal_year_id}", ACCOUNTING, listing("AccountApi", year_accounts))
    served(
        "/accounts/{fiscal_year_id}/{account_number}",
        ACCOUNTING,
        single(year_accounts, "Number", "account_number", "account"),
    )
    served("/vatcodes", vat[0], listing("VatCodeApi", vat[1]))
    served("/vatcodes/{id}", vat[0], single(vat[1], "Id", "id", "vat code"))
    served("/customers", customers[0], listing("CustomerApi", customers[1]))
    served(
        "/customers/{customer_id}",
        customers[0],
        single(customers[1], "Id", "customer_id", "customer"),
    )
    served("/suppliers", suppliers[0], listing("SupplierApi", suppliers[1]))
    served(
        "/suppliers/{supplier_id}",
        suppliers[0],
        single(suppliers[1], "Id", "supplier_id", "supplier"),
    )
    served("/projects", projects[0], listing("ProjectApi", projects[1]))
    served("/projects/{id}", projects[0], single(projects[1], "Id", "id", "project"))
    served("/costcenters", centres[0], listing("CostCenterApi", centres[1]))
    served(
        "/costcenteritems/{item_id}", centres[0], single(items, "Id", "item_id", "cost center item")
    )
    served("/vouchers", ACCOUNTING, vouchers)
    served("/vouchers/{fiscal_year_id}", ACCOUNTING, vouchers)
    served("/vouchers/{fiscal_year_id}/{voucher_id}", ACCOUNTING, voucher)
    served("/companysettings", SALES, lambda r, a, p: renderer.company_settings(a))
    return router
