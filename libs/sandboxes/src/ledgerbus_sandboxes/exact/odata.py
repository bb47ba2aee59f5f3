"""The small part of OData that Exact's clients use: ``$filter`` on Timestamp, ``$select``,
``$skiptoken`` paging with ``__next``, ``$inlinecount``, and Exact's error body."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import JSONResponse

_TIMESTAMP_GT = re.compile(r"^\s*Timestamp\s+gt\s+(\d+)L?\s*$", re.IGNORECASE)


class ODataError(Exception):
    """A request the API refuses, with its status and message."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


def error_response(
    status: int, message: str, headers: dict[str, str] | None = None
) -> JSONResponse:
    """Exact's error envelope: ``{"error": {"message": {"value": ...}}}`` (plus code, lang)."""
    body = {"error": {"code": "", "message": {"lang": "", "value": message}}}
    return JSONResponse(body, status_code=status, headers=headers)


def timestamp_after(filter_text: str | None, *, required: bool) -> int:
    """The N of ``Timestamp gt NL``; sync endpoints accept no other filter."""
    if filter_text is None:
        if required:
            raise ODataError(400, "A filter on Timestamp is mandatory for sync endpoints.")
        return 0
    match = _TIMESTAMP_GT.match(filter_text)
    if match is None:
        raise ODataError(400, f"Only 'Timestamp gt' filters are supported here: {filter_text}")
    return int(match.group(1))


def selected(select: str | None, *, required: bool) -> list[str] | None:
    """The ``$select`` fields; sync and bulk endpoints require it and refuse ``*``."""
    if not select or select.strip() == "*":
        if required:
            raise ODataError(400, "$select is mandatory and '*' is not supported here.")
        return None
    return [f.strip() for f in select.split(",") if f.strip()]


def project(record: dict[str, Any], fields: list[str] | None) -> dict[str, Any]:
    if fields is None:
        return record
    unknown = [f for f in fields if f not in record]
    if unknown:
        raise ODataError(400, f"Unknown property in $select: {unknown[0]}")
    return {f: record[f] for f in fields}


def next_link(request: Request, skiptoken: str) -> str:
    """The absolute ``__next`` URL: the same query with a new ``$skiptoken``."""
    query = {k: v for k, v in request.query_params.items() if k != "$skiptoken"}
    query["$skiptoken"] = skiptoken
    return f"{str(request.base_url).rstrip('/')}{request.url.path}?{urlencode(query)}"


def envelope(
    results: list[dict[str, Any]], next_url: str | None, count: int | None = None
) -> dict[str, Any]:
    body: dict[str, Any] = {"results": results}
    if count is not None:
        body["__count"] = str(count)
    if next_url:
        body["__next"] = next_url
    return {"d": body}
