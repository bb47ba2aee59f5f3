"""The Exact Online REST API as the sandbox serves it, under ``/api/v1``."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import JSONResponse, Response

from ledgerbus_contracts import EntityType
from ledgerbus_sandboxes.common import Sandbox
from ledgerbus_sandboxes.common.control import MALFORMED
from ledgerbus_sandboxes.exact import odata
from ledgerbus_sandboxes.exact.config import ExactSandboxConfig
from ledgerbus_sandboxes.exact.oauth import TokenStore
from ledgerbus_sandboxes.exact.ratelimit import RateLimits
from ledgerbus_sandboxes.exact.render import exact_date, render

T = EntityType
SYNC_ENDPOINTS = {
    "financial/glaccounts": T.GL_ACCOUNT,
    "crm/accounts": T.CONTACT,
    "project/projects": T.PROJECT,
    "cashflow/paymentterms": T.PAYMENT_TERM,
    "financial/transactionlines": T.TRANSACTION_LINE,
}
REGULAR_ENDPOINTS = {
    "financial/glaccounts": T.GL_ACCOUNT,
    "vat/vatcodes": T.VAT_CODE,
    "financial/journals": T.DAYBOOK,
    "hrm/costcenters": T.COST_CENTER,
    "hrm/costunits": T.COST_UNIT,
    "project/projects": T.PROJECT,
    "crm/accounts": T.CONTACT,
    "financial/financialperiods": T.FISCAL_PERIOD,
    "financialtransaction/transactionlines": T.TRANSACTION_LINE,
}
DELETED_CODES = {
    T.TRANSACTION_LINE: 1,
    T.CONTACT: 2,
    T.GL_ACCOUNT: 7,
    T.PAYMENT_TERM: 10,
    T.PROJECT: 21,
}
Auth = Annotated[str | None, Header(alias="Authorization")]


def api_router(
    sandbox: Sandbox, config: ExactSandboxConfig, tokens: TokenStore, limits: RateLimits
) -> APIRouter:
    router = APIRouter(prefix="/api/v1", tags=["Exact Online REST API"])

    def guard(request: Request, authorization: str | None, division: int) -> Any:
        """None-or-error checks every call passes: fault, token, division, rate limit."""
        if (fault := sandbox.misbehave(request.url.path)) is not None:
            if fault.status == MALFORMED:
                return Response(b'{"d": {"results": [{"ID": ', media_type="application/json")
            return (fault.body and JSONResponse(fault.body, fault.status)) or odata.error_response(
                fault.status, f"Injected fault {fault.status}"
            )
        now = sandbox.clock.now()
        token = (authorization or "").removeprefix("Bearer ").strip()
        if not tokens.valid_access(token, now, config.access_token_seconds):
            return odata.error_response(401, "Unauthorized: the access token is invalid or expired")
        allowed, headers = limits.take(division, now)
        if not allowed:
            return odata.error_response(429, "Too many requests", headers)
        if sandbox.data.get(str(division)) is None:
            return odata.error_response(
                403, f"Forbidden: no access to division {division}", headers
            )
        return headers

    def respond(body: dict[str, Any], headers: dict[str, str]) -> JSONResponse:
        return JSONResponse(body, headers=headers)

    first = next(iter(config.divisions))

    @router.get("/current/Me")
    def me(request: Request, authorization: Auth = None) -> Any:
        checked = guard(request, authorization, first)
        if isinstance(checked, JSONResponse):
            return checked
        return respond(
            {
                "d": {
                    "results": [
                        {
                            "CurrentDivision": first,
                            "UserID": "5f1c0a4e-0000-4000-8000-000000000001",
                            "UserName": "demo@ledgerbus.example",
                            "FullName": "Demo Accountant",
                            "LanguageCode": "nl-NL",
                            "Legislation": 1,
                        }
                    ]
                }
            },
            checked,
        )

    @router.get("/{division}/hrm/Divisions")
    @router.get("/{division}/system/Divisions")
    def divisions(request: Request, division: int, authorization: Auth = None) -> Any:
        checked = guard(request, authorization, division)
        if isinstance(checked, JSONResponse):
            return checked
        rows = [
            {"Code": code, "Description": name, "Current": code == first, "DivisionMoveDate": None}
            for code, name in config.divisions.items()
        ]
        return respond(odata.envelope(rows, None), checked)

    @router.get("/{division}/sync/Deleted")
    def deleted(
        request: Request,
        division: int,
        authorization: Auth = None,
        filter_: Annotated[str | None, Query(alias="$filter")] = None,
        select: Annotated[str | None, Query(alias="$select")] = None,
        skiptoken: Annotated[str | None, Query(alias="$skiptoken")] = None,
    ) -> Any:
        checked = guard(request, authorization, division)
        if isinstance(checked, JSONResponse):
            return checked
        admin = sandbox.administration(str(division))
        try:
            after = max(odata.timestamp_after(filter_, required=True), _skip(skiptoken))
            fields = odata.selected(select, required=True)
            rows = [
                {
                    "ID": f"{t.id[:24]}{t.version:012d}",
                    "EntityKey": t.id,
                    "EntityType": DELETED_CODES.get(t.entity_type, 99),
                    "Timestamp": t.version,
                    "DeletedDate": exact_date(t.deleted_at),
                    "Division": division,
                }
                for t in admin.tombstones
                if t.version > after
            ]
            return _page(request, rows, fields, config.sync_page_size, checked)
        except odata.ODataError as exc:
            return odata.error_response(exc.status, exc.message, checked)

    @router.get("/{division}/sync/{service}/{resource}")
    def sync(
        request: Request,
        division: int,
        service: str,
        resource: str,
        authorization: Auth = None,
        filter_: Annotated[str | None, Query(alias="$filter")] = None,
        select: Annotated[str | None, Query(alias="$select")] = None,
        skiptoken: Annotated[str | None, Query(alias="$skiptoken")] = None,
    ) -> Any:
        checked = guard(request, authorization, division)
        if isinstance(checked, JSONResponse):
            return checked
        entity_type = SYNC_ENDPOINTS.get(f"{service}/{resource}".lower())
        if entity_type is None:
            return odata.error_response(404, f"Resource not found: sync/{service}/{resource}")
        try:
            after = max(odata.timestamp_after(filter_, required=True), _skip(skiptoken))
            fields = odata.selected(select, required=True)
            table = sandbox.administration(str(division)).table(entity_type)
            rows = table.page_by_version(after, config.sync_page_size + 1)
            return _page(
                request,
                [render(entity_type, r) for r in rows],
                fields,
                config.sync_page_size,
                checked,
            )
        except odata.ODataError as exc:
            return odata.error_response(exc.status, exc.message, checked)

    @router.get("/{division}/{service}/{resource}")
    def regular(
        request: Request,
        division: int,
        service: str,
        resource: str,
        authorization: Auth = None,
        select: Annotated[str | None, Query(alias="$select")] = None,
        skiptoken: Annotated[str | None, Query(alias="$skiptoken")] = None,
        inlinecount: Annotated[str | None, Query(alias="$inlinecount")] = None,
    ) -> Any:
        checked = guard(request, authorization, division)
        if isinstance(checked, JSONResponse):
            return checked
        entity_type = REGULAR_ENDPOINTS.get(f"{service}/{resource}".lower())
        if entity_type is None:
            return odata.error_response(404, f"Resource not found: {service}/{resource}")
        try:
            fields = odata.selected(select, required=False)
            table = sandbox.administration(str(division)).table(entity_type)
            count = len(table) if inlinecount == "allpages" else None
            after_id = (skiptoken or "").removeprefix("guid'").removesuffix("'")
            size = config.regular_page_size
            rows = [render(entity_type, r) for r in table.page_by_id(after_id, size + 1)]
            page, more = rows[:size], len(rows) > size
            link = odata.next_link(request, f"guid'{page[-1]['ID']}'") if more else None
            body = odata.envelope([odata.project(r, fields) for r in page], link, count)
            return respond(body, checked)
        except odata.ODataError as exc:
            return odata.error_response(exc.status, exc.message, checked)

    return router


def _skip(skiptoken: str | None) -> int:
    return int(skiptoken.rstrip("L")) if skiptoken else 0


def _page(
    request: Request,
    rows: list[dict[str, Any]],
    fields: list[str] | None,
    size: int,
    headers: dict[str, str],
) -> JSONResponse:
    """One page of a sync endpoint (rows in Timestamp order); ``__next`` skips past its last."""
    page = rows[:size]
    more = len(rows) > len(page)
    link = odata.next_link(request, f"{page[-1]['Timestamp']}L") if more else None
    return JSONResponse(
        odata.envelope([odata.project(r, fields) for r in page], link), headers=headers
    )
