"""The sync API: ``sync/{service}/{resource}`` and ``sync/Deleted``, by rowversion.

Exact's "Good to know" on its sync pages: only ``Timestamp`` may be filtered on
(``$filter=Timestamp gt N``, ``gt 1`` the first time), ``$select`` is required and
``*`` refused, 1,000 rows a page followed through ``__next``.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from ledgerbus_contracts import EntityType
from ledgerbus_sandboxes.common import Sandbox
from ledgerbus_sandboxes.exact import odata
from ledgerbus_sandboxes.exact.config import ExactSandboxConfig
from ledgerbus_sandboxes.exact.entities import SYNC
from ledgerbus_sandboxes.exact.errors import ODataError, error_response
from ledgerbus_sandboxes.exact.filter import Compare, Literal, Property
from ledgerbus_sandboxes.exact.guard import Guard
from ledgerbus_sandboxes.exact.predicate import compile_filter
from ledgerbus_sandboxes.exact.query import parse_select, project
from ledgerbus_sandboxes.exact.render import exact_date

T = EntityType
DELETED_CODES = {
    T.TRANSACTION_LINE: 1,
    T.CONTACT: 2,
    T.GL_ACCOUNT: 7,
    T.PAYMENT_TERM: 10,
    T.PROJECT: 21,
}
"""``sync/Deleted`` ``EntityType`` codes (picqer/exact-php-client ``SyncDeleted.php``)."""
DELETED_TYPES = {
    "ID": "guid",
    "DeletedBy": "guid",
    "DeletedDate": "datetime",
    "Division": "int",
    "EntityKey": "guid",
    "EntityType": "int",
    "Timestamp": "int",
}
_KNOWN = {"$filter", "$select", "$skiptoken"}


def sync_router(sandbox: Sandbox, config: ExactSandboxConfig, guard: Guard) -> APIRouter:
    """The sync endpoints under ``/api/v1/{division}/sync``."""
    router = APIRouter(prefix="/api/v1", tags=["Exact Online sync API"])

    @router.get("/{division}/sync/Deleted")
    def deleted(request: Request, division: str) -> Response:
        checked = guard.check(request, division)
        if isinstance(checked, Response):
            return checked
        try:
            after, fields = _options(request, "Deleted", DELETED_TYPES)
            admin = sandbox.administration(str(int(division)))
            rows = [
                {
                    "ID": f"{t.id[:24]}{t.version:012d}",
                    "DeletedBy": None,
                    "DeletedDate": exact_date(t.deleted_at),
                    "Division": int(division),
                    "EntityKey": t.id,
                    "EntityType": DELETED_CODES.get(t.entity_type, 99),
                    "Timestamp": t.version,
                }
                for t in admin.tombstones
                if t.version > after
            ]
        except ODataError as exc:
            return error_response(exc.status, exc.message, checked)
        return _page(request, rows, fields, config.sync_page_size, checked)

    @router.get("/{division}/sync/{service}/{resource}")
    def sync(request: Request, division: str, service: str, resource: str) -> Response:
        checked = guard.check(request, division)
        if isinstance(checked, Response):
            return checked
        entity_set = SYNC.get(f"{service}/{resource}".lower())
        if entity_set is None:
            return error_response(404, f"Resource not found: sync/{service}/{resource}", checked)
        try:
            after, fields = _options(request, entity_set.name, entity_set.types)
            table = sandbox.administration(str(int(division))).table(entity_set.source)
            records = table.page_by_version(after, config.sync_page_size + 1)
        except ODataError as exc:
            return error_response(exc.status, exc.message, checked)
        rows = [entity_set.render(r) for r in records]
        return _page(request, rows, fields, config.sync_page_size, checked)

    return router


def _options(
    request: Request, name: str, types: dict[str, str]
) -> tuple[int, tuple[str, ...] | None]:
    """(the Timestamp to read after, the selected fields) of a sync request."""
    params = request.query_params
    unknown = sorted(k for k in params if k.startswith("$") and k not in _KNOWN)
    if unknown:
        raise ODataError(400, f"The query option '{unknown[0]}' is not supported on sync endpoints")
    text = params.get("$filter")
    if text is None:
        raise ODataError(400, "A filter on Timestamp is mandatory for sync endpoints.")
    after = _timestamp_after(text, name, types)
    token = params.get("$skiptoken")
    if token is not None:
        if not token.rstrip("L").isdigit():
            raise ODataError(400, f"$skiptoken must be a Timestamp, not {token!r}")
        after = max(after, int(token.rstrip("L")))
    return after, parse_select(params.get("$select"), name, types, required=True)


def _timestamp_after(text: str, name: str, types: dict[str, str]) -> int:
    """N of ``Timestamp gt N`` (``ge N`` reads from N): the only filter sync endpoints take."""
    tree = compile_filter(text, types, name).tree
    if (
        isinstance(tree, Compare)
        and tree.op in ("gt", "ge")
        and isinstance(tree.left, Property)
        and tree.left.name == "Timestamp"
        and isinstance(tree.right, Literal)
        and tree.right.edm == "int"
    ):
        value = int(tree.right.value)
        return value if tree.op == "gt" else value - 1
    raise ODataError(
        400, f"Only a filter 'Timestamp gt <value>' is allowed on sync endpoints, not {text!r}"
    )


def _page(
    request: Request,
    rows: list[dict[str, Any]],
    fields: tuple[str, ...] | None,
    size: int,
    headers: dict[str, str],
) -> JSONResponse:
    """One page in Timestamp order; ``__next`` skips past its last row."""
    page = rows[:size]
    link = odata.next_link(request, f"{page[-1]['Timestamp']}L") if len(rows) > size else None
    return JSONResponse(odata.envelope([project(r, fields) for r in page], link), headers=headers)
