"""Exact's JSON envelope: ``{"d": {"results": [...], "__count": "N", "__next": url}}``,
``{"d": {...}}`` for one entity, and the ``__next`` link that carries ``$skiptoken``."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode

from fastapi import Request


def next_link(request: Request, skiptoken: str) -> str:
    """The absolute ``__next`` URL: the same query with a new ``$skiptoken``."""
    query = {k: v for k, v in request.query_params.items() if k != "$skiptoken"}
    query["$skiptoken"] = skiptoken
    text = urlencode(query, safe="$',()", quote_via=quote)  # Exact's own form: $skiptoken=guid'…'
    return f"{str(request.base_url).rstrip('/')}{request.url.path}?{text}"


def envelope(
    results: list[dict[str, Any]], next_url: str | None, count: int | None = None
) -> dict[str, Any]:
    """A collection; ``__count`` is a string, as OData v2 JSON has it."""
    body: dict[str, Any] = {"results": results}
    if count is not None:
        body["__count"] = str(count)
    if next_url:
        body["__next"] = next_url
    return {"d": body}
