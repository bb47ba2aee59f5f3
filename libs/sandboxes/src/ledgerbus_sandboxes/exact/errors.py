"""Exact's error envelope, and the app-wide handlers that put every API error in it.

The REST API answers errors as ``{"error": {"code": "", "message": {"lang": "",
"value": "…"}}}`` (a 400 body quoted whole in picqer/exact-php-client issue #500);
clients read ``error.message.value``. The sandbox uses it for every error under
``/api/v1`` and for unknown routes; the token endpoint keeps OAuth's own
``{"error", "error_description"}`` shape (issue #300 quotes Exact's), and the
``/_sandbox`` control API, which is ours, keeps FastAPI's.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exception_handlers import (
    http_exception_handler,
    request_validation_exception_handler,
)
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException


class ODataError(Exception):
    """A request the API refuses, with its status and message."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


def error_response(
    status: int, message: str, headers: dict[str, str] | None = None
) -> JSONResponse:
    """Exact's error envelope."""
    body = {"error": {"code": "", "message": {"lang": "", "value": message}}}
    return JSONResponse(body, status_code=status, headers=headers)


def oauth_error(status: int, error: str, description: str) -> JSONResponse:
    """The token endpoint's error shape (RFC 6749 section 5.2)."""
    return JSONResponse({"error": error, "error_description": description}, status_code=status)


def install_error_handlers(app: FastAPI) -> None:
    """Unknown routes, wrong methods and malformed requests answer in Exact's shapes."""

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if request.url.path.startswith("/_sandbox"):
            return await http_exception_handler(request, exc)
        if exc.status_code == 404:
            message = f"Resource not found: {request.url.path}"
        elif exc.status_code == 405:
            message = f"Method {request.method} is not allowed on {request.url.path}"
        else:
            message = str(exc.detail)
        return error_response(exc.status_code, message, dict(exc.headers or {}))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        if request.url.path.startswith("/_sandbox"):
            return await request_validation_exception_handler(request, exc)
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg')}" for e in exc.errors()
        )
        if request.url.path.startswith("/api/oauth2"):
            return oauth_error(400, "invalid_request", problems)
        return error_response(400, f"Bad request: {problems}")
