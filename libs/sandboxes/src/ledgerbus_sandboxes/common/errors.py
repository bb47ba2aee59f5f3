"""The app-wide handlers that answer a sandbox's unknown routes, wrong methods and malformed
requests in its package's error envelope; the OAuth endpoints keep RFC 6749's shape and
the ``/_sandbox`` control API, which is ours, keeps FastAPI's."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import FastAPI, Request
from fastapi.exception_handlers import (
    http_exception_handler,
    request_validation_exception_handler,
)
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

Envelope = Callable[[int, str, dict[str, str]], Response]
"""A package's error body for (status, message, headers)."""


def oauth_error(status: int, error: str, description: str) -> JSONResponse:
    """A token or authorize endpoint's error (RFC 6749 section 5.2)."""
    return JSONResponse({"error": error, "error_description": description}, status_code=status)


def install_envelope_handlers(app: FastAPI, envelope: Envelope, oauth_prefix: str) -> None:
    """404, 405 and request validation errors answer in ``envelope`` (under ``oauth_prefix``
    a validation error is OAuth's ``invalid_request``)."""

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
        return envelope(exc.status_code, message, dict(exc.headers or {}))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        if request.url.path.startswith("/_sandbox"):
            return await request_validation_exception_handler(request, exc)
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg')}" for e in exc.errors()
        )
        if request.url.path.startswith(oauth_prefix):
            return oauth_error(400, "invalid_request", problems)
        return envelope(400, f"Bad request: {problems}", {})
