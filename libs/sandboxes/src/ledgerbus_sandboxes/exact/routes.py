"""The Exact Online REST API's regular and bulk endpoints, ``current/Me`` and the divisions,
under ``/api/v1``, with OData query options (:mod:`.query`)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response

from ledgerbus_sandboxes.common import RecordTable, Sandbox
from ledgerbus_sandboxes.exact import odata
from ledgerbus_sandboxes.exact.config import ExactSandboxConfig
from ledgerbus_sandboxes.exact.entities import BULK, REGULAR, EntitySet
from ledgerbus_sandboxes.exact.errors import ODataError, error_response
from ledgerbus_sandboxes.exact.guard import Guard
from ledgerbus_sandboxes.exact.query import (
    Page,
    Query,
    choose_page,
    parse_key,
    parse_query,
    project,
)
from ledgerbus_sandboxes.exact.system import Collection, divisions, me

_RESOURCE = re.compile(r"^(?P<name>[A-Za-z]+)(?:\((?P<key>[^)]*)\))?$")
_CHUNK = 1_000


def api_router(sandbox: Sandbox, config: ExactSandboxConfig, guard: Guard) -> APIRouter:
    """``current/Me``, ``{division}/{service}/{resource}[(key)]``, its ``/$count`` and bulk."""
    router = APIRouter(prefix="/api/v1", tags=["Exact Online REST API"])

    @router.get("/current/Me")
    def current_me(request: Request) -> Response:
        checked = guard.check(request, next(iter(config.divisions)))
        if isinstance(checked, Response):
            return checked
        collection = me(config)
        try:
            query = parse_query(request.query_params, collection.name, collection.types)
            page = choose_page(collection.rows, query, 1, key=collection.key)
            rows = [project(r, query.select) for r in page.rows]
        except ODataError as exc:
            return error_response(exc.status, exc.message, checked)
        return JSONResponse(odata.envelope(rows, None), headers=checked)

    @router.get("/{division}/bulk/{service}/{resource}")
    def bulk(request: Request, division: str, service: str, resource: str) -> Response:
        return serve(request, division, service, resource, bulk=True)

    @router.get("/{division}/{service}/{resource}/$count")
    def count(request: Request, division: str, service: str, resource: str) -> Response:
        return serve(request, division, service, resource, bulk=False, count_only=True)

    @router.get("/{division}/{service}/{resource}")
    def regular(request: Request, division: str, service: str, resource: str) -> Response:
        return serve(request, division, service, resource, bulk=False)

    def serve(
        request: Request,
        division: str,
        service: str,
        resource: str,
        *,
        bulk: bool,
        count_only: bool = False,
    ) -> Response:
        checked = guard.check(request, division)
        if isinstance(checked, Response):
            return checked
        try:
            match = _RESOURCE.match(resource)
            if match is None:
                raise ODataError(404, f"Resource not found: {service}/{resource}")
            name, key_text = match.group("name"), match.group("key")
            key = None if key_text is None else parse_key(key_text)
            path = f"{service}/{name}".lower()
            small = _collection(config, path) if not bulk else None
            if small is not None:
                return _serve_collection(request, small, key, count_only, checked)
            entity_set = (BULK if bulk else REGULAR).get(path)
            if entity_set is None:
                prefix = "bulk/" if bulk else ""
                raise ODataError(404, f"Resource not found: {prefix}{service}/{name}")
            size = config.sync_page_size if bulk else config.regular_page_size
            table = sandbox.administration(str(int(division))).table(entity_set.source)
            query = parse_query(
                request.query_params, entity_set.name, entity_set.types, select_required=bulk
            )
            _check_mandatory_filter(entity_set, query, key)
            if count_only:
                total = _page(table, entity_set, query, None, 0, counting=True).count
                return PlainTextResponse(str(total), headers=checked)
            page = _page(table, entity_set, query, key, size)
        except ODataError as exc:
            return error_response(exc.status, exc.message, checked)
        rows = [project(r, query.select) for r in page.rows]
        if key is not None:
            if not rows:
                return error_response(404, f"{entity_set.name}({key_text}) was not found", checked)
            return JSONResponse({"d": rows[0]}, headers=checked)
        link = odata.next_link(request, f"guid'{page.rows[-1]['ID']}'") if page.more else None
        return JSONResponse(odata.envelope(rows, link, page.count), headers=checked)

    return router


def _collection(config: ExactSandboxConfig, path: str) -> Collection | None:
    if path == "hrm/divisions":
        return divisions(config, system=False)
    if path == "system/divisions":
        return divisions(config, system=True)
    return None


def _serve_collection(
    request: Request,
    collection: Collection,
    key: str | None,
    count_only: bool,
    headers: dict[str, str],
) -> Response:
    query = parse_query(request.query_params, collection.name, collection.types)
    rows = [r for r in collection.rows if key is None or str(r[collection.key]) == key]
    page = choose_page(rows, query, len(rows) or 1, key=collection.key)
    if count_only:
        return PlainTextResponse(str(len(page.rows)), headers=headers)
    selected = [project(r, query.select) for r in page.rows]
    if key is not None:
        if not selected:
            return error_response(404, f"{collection.name}({key}) was not found", headers)
        return JSONResponse({"d": selected[0]}, headers=headers)
    return JSONResponse(odata.envelope(selected, None, page.count), headers=headers)


def _check_mandatory_filter(entity_set: EntitySet, query: Query, key: str | None) -> None:
    """Exact's mandatory filtering on regular and bulk endpoints of types with a sync API."""
    required = entity_set.mandatory_filter
    if required is None or key is not None:
        return
    allowed = required or frozenset(entity_set.types)
    if query.filter is None or not query.filter.properties & allowed:
        raise ODataError(
            400,
            "This endpoint has mandatory filtering applied. A GET request for this endpoint "
            f"must have a $filter parameter with one of the following fields in the url:"
            f"{','.join(sorted(allowed))}.",
        )


def _page(
    table: RecordTable,
    entity_set: EntitySet,
    query: Query,
    key: str | None,
    size: int,
    *,
    counting: bool = False,
) -> Page:
    """One page of a table's rows, reading as little of the table as the query allows."""
    if counting:
        query = Query(filter=query.filter, count=True)
    pinned = key or (query.filter.pinned_id if query.filter else None)
    total: int | None = None
    if pinned is not None and not entity_set.derived_id:
        record = table.get(pinned)
        rows: Iterator[dict[str, Any]] = iter([] if record is None else [entity_set.render(record)])
    elif entity_set.derived_id:
        rendered = sorted((entity_set.render(r) for r in table.values()), key=lambda r: r["ID"])
        rows = iter(rendered if key is None else [r for r in rendered if r["ID"] == key])
    elif query.plain and query.skiptoken is not None:
        rows = (entity_set.render(r) for r in _by_id(table, query.skiptoken))
        query, total = Query(select=query.select, count=query.count), len(table)
    else:
        rows, total = (entity_set.render(r) for r in _by_id(table, "")), len(table)
    return choose_page(rows, query, size, total=total)


def _by_id(table: RecordTable, after_id: str) -> Iterator[dict[str, Any]]:
    """Every live record with an id above ``after_id``, in id order, a chunk at a time."""
    while True:
        chunk = table.page_by_id(after_id, _CHUNK)
        yield from chunk
        if len(chunk) < _CHUNK:
            return
        after_id = str(chunk[-1]["id"])
