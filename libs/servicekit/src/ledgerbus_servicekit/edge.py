"""At the edge: a NUL character anywhere in a request is refused before any route runs.

PostgreSQL cannot store NUL in text, so a NUL in a path, a query parameter (name or
value) or a JSON body (key or string) is answered with a 422 in the shared error shape
(:mod:`ledgerbus_servicekit.errors`) naming where it was.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qsl

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ledgerbus_servicekit.errors import error_body

NUL = "\x00"
_MESSAGE = "NUL characters (\\u0000) are not allowed"


class RejectNulCharacters:
    """ASGI middleware: 422 for a NUL in the path, the query string or a JSON body."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check the request; pass it on (its body replayed) when it holds no NUL."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        where = _nul_in_url(scope)
        if where is None:
            messages = await _read_body(receive)
            where = _nul_in_json(b"".join(m.get("body", b"") for m in messages))
            receive = _replay(messages, receive)
        if where is None:
            await self.app(scope, receive, send)
            return
        item = {"loc": where, "msg": _MESSAGE, "type": "nul_character"}
        await JSONResponse(error_body(422, [item]), status_code=422)(scope, receive, send)


def _nul_in_url(scope: Scope) -> list[str | int] | None:
    if NUL in scope.get("path", ""):
        return ["path"]
    query = scope.get("query_string", b"").decode("latin-1")
    for name, value in parse_qsl(query, keep_blank_values=True):
        if NUL in name or NUL in value:
            return ["query", name.replace(NUL, "\\u0000")]
    return None


async def _read_body(receive: Receive) -> list[Message]:
    messages: list[Message] = []
    while True:
        message = await receive()
        messages.append(message)
        if message["type"] != "http.request" or not message.get("more_body", False):
            return messages


def _replay(messages: list[Message], receive: Receive) -> Receive:
    pending = list(messages)

    async def replayed() -> Message:
        return pending.pop(0) if pending else await receive()

    return replayed


def _nul_in_json(body: bytes) -> list[str | int] | None:
    if not body or b"\\u0000" not in body.lower():
        return None
    try:
        document = json.loads(body)
    except ValueError:
        return None  # not JSON: the route's own parsing refuses it
    return _find_nul(document, ["body"])


def _find_nul(value: Any, loc: list[str | int]) -> list[str | int] | None:
    if isinstance(value, str):
        return loc if NUL in value else None
    if isinstance(value, dict):
        for key, item in value.items():
            if NUL in key:
                return [*loc, key.replace(NUL, "\\u0000")]
            found = _find_nul(item, [*loc, key])
            if found:
                return found
    if isinstance(value, list):
        for index, item in enumerate(value):
            found = _find_nul(item, [*loc, index])
            if found:
                return found
    return None
