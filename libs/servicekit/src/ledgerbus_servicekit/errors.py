"""One error shape for every service: the model, its OpenAPI entries and the handlers.

Every 4xx/5xx answer of every service has FastAPI's validation-error shape, an array
``detail`` of ``{"loc": [...], "msg": "...", "type": "..."}``: a validation error has one
item per problem, any other error one item whose ``loc`` says where (empty when the
request as a whole is at fault) and whose ``type`` names the status (``not_found``,
``conflict``, ...). Routes raise :class:`ApiError` (or FastAPI's ``HTTPException``
with a string, which the handler puts in the same shape).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import HTTPException, RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

Loc = Sequence[str | int]

_TYPES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    422: "value_error",
    500: "internal_error",
    502: "bad_gateway",
    503: "unavailable",
}
_DESCRIPTIONS = {
    400: "The request cannot be used as sent (a page token this API did not give out)",
    401: "No valid `Authorization: Bearer <token>` header",
    403: "The token may not act for that tenant",
    404: "Nothing of that id, or not visible to this token",
    405: "The path does not take this method; `Allow` lists the methods it takes",
    409: "The request conflicts with the current state",
    422: "The input is invalid; one item per problem, `loc` says where",
    502: "The accounting package answered with an error",
    503: "A service this one must ask cannot answer now; try again",
}


class ErrorItem(BaseModel):
    """One problem: where in the request (``loc``), what (``msg``), and its kind (``type``)."""

    loc: list[str | int] = Field(description="Where: e.g. ['query', 'since']; [] for the whole")
    msg: str
    type: str


class ErrorResponse(BaseModel):
    """The body of every error answer of every service."""

    detail: list[ErrorItem]


class ApiError(HTTPException):
    """An error answer in the shared shape: a status, a message naming the problem, where."""

    def __init__(
        self,
        status_code: int,
        msg: str,
        *,
        loc: Loc = (),
        type: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        item = {"loc": list(loc), "msg": msg, "type": type or _TYPES.get(status_code, "error")}
        super().__init__(status_code, [item], headers)


def invalid(loc: Loc, msg: str) -> ApiError:
    """A 422 naming one invalid part of the request."""
    return ApiError(422, msg, loc=loc, type="value_error")


def error_responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` entries for these statuses, all in the shared shape."""
    return {code: {"model": ErrorResponse, "description": _DESCRIPTIONS[code]} for code in codes}


def error_body(status_code: int, detail: Any) -> dict[str, list[dict[str, Any]]]:
    """``detail`` (a message, or items such as pydantic's errors) in the shared shape."""
    if isinstance(detail, list) and all(isinstance(d, dict) for d in detail):
        return {"detail": [_item(d) for d in detail]}
    message = detail if isinstance(detail, str) else str(detail)
    return {"detail": [{"loc": [], "msg": message, "type": _TYPES.get(status_code, "error")}]}


def _item(error: dict[str, Any]) -> dict[str, Any]:
    """Only ``loc``, ``msg`` and ``type``: never the input (it may be a secret)."""
    return {
        "loc": [p if isinstance(p, int) else str(p) for p in error.get("loc", ())],
        "msg": str(error.get("msg", "")),
        "type": str(error.get("type", "value_error")),
    }


def _allowed_methods(request: Request) -> str | None:
    """Every method the OpenAPI document gives this path (the router names one route's)."""
    methods: set[str] = set()
    paths: dict[str, dict[str, Any]] = request.app.openapi().get("paths", {})
    for template, operations in paths.items():
        if _template(template).fullmatch(request.url.path):
            methods.update(m.upper() for m in operations if m.upper() in _METHODS)
    if "GET" in methods:
        methods.add("HEAD")
    return ", ".join(sorted(methods)) or None


_METHODS = {"GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"}


@functools.lru_cache(maxsize=512)
def _template(path: str) -> re.Pattern[str]:
    """A path template (``/v1/things/{id}``) as a regex: a parameter is one segment."""
    parts = re.split(r"(\{[^}]+\})", path)
    return re.compile("".join("[^/]+" if p.startswith("{") else re.escape(p) for p in parts))


_UNPARSABLE_BODY = "There was an error parsing the body"  # FastAPI's 400 for undecodable bytes


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 400 and exc.detail == _UNPARSABLE_BODY:
        item = {"loc": ["body"], "msg": "the body is not valid JSON", "type": "json_invalid"}
        return JSONResponse(error_body(422, [item]), status_code=422)
    headers = dict(exc.headers or {})
    allowed = _allowed_methods(request) if exc.status_code == 405 else None
    if allowed:
        headers["Allow"] = allowed
    body = error_body(exc.status_code, exc.detail)
    return JSONResponse(body, status_code=exc.status_code, headers=headers)


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    return JSONResponse(error_body(422, list(exc.errors())), status_code=422)


async def _unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    """A bug: the shared shape, and nothing about the failure (it is logged, not answered)."""
    item = {"loc": [], "msg": "internal error; it has been logged", "type": "internal_error"}
    return JSONResponse(error_body(500, [item]), status_code=500)


def install_error_handlers(app: FastAPI) -> None:
    """Answer every error of ``app`` (HTTP, validation, unexpected) in the shared shape."""
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(Exception, _unexpected_error)
