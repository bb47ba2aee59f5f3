"""eAccounting's error body, and the app-wide handlers that answer every API error in it.

The API answers errors as ``{"ErrorCode": <int>, "DeveloperErrorMessage": "…", "ErrorId":
"<guid>"}`` (the 429 example on developer.vismaonline.com/docs/rate-limits, code 4010). The
identity server's ``/connect/*`` keeps OAuth's ``{"error", "error_description"}`` (RFC 6749
5.2); the ``/_sandbox`` control API, which is ours, keeps FastAPI's.
"""

from __future__ import annotations

import uuid

from fastapi import FastAPI, Request
from fastapi.exception_handlers import (
    http_exception_handler,
    request_validation_exception_handler,
)
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

RATE_LIMITED = 4010
"""The published code of a refused call over the rate limit."""
CODES = {400: 4000, 401: 4001, 403: 4003, 404: 4004, 405: 4005, 406: 4006, 409: 4009}
"""UNCONFIRMED codes for the other statuses (no source lists them); 5xx answer 5000."""


class ApiError(Exception):
    """A request the API refuses, with its status and developer message."""

    def __init__(self, status: int, message: str, code: int | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.code = status, message, code


def error_response(
    status: int, message: str, code: int | None = None, headers: dict[str, str] | None = None
) -> JSONResponse:
    """The eAccounting error envelope (a fresh ``ErrorId`` every time)."""
    body = {
        "ErrorCode": code
        if code is not None
        else CODES.get(status, 5000 if status >= 500 else 4000),
        "DeveloperErrorMessage": message,
        "ErrorId": str(uuid.uuid4()),
    }
    return JSONResponse(body, status_code=status, headers=headers)


def oauth_error(status: int, error: str, description: str) -> JSONResponse:
    """The identity server's error shape (RFC 6749 section 5.2)."""
    return JSONResponse({"error": error, "error_description": description}, status_code=status)


def install_error_handlers(app: FastAPI) -> None:
    """Unknown routes, wrong methods and malformed requests answer in eAccounting's shapes."""

    @app.exception_handler(ApiError)
    async def refused(request: Request, exc: ApiError) -> Response:
        return error_response(exc.status, exc.message, exc.code)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if request.url.path.startswith("/_sandbox"):
            return await http_exception_handler(request, exc)
        if exc.status_code == 404:
            message = f"The resource {request.url.path} was not found"
        elif exc.status_code == 405:
            message = f"The method {request.method} is not allowed on {request.url.path}"
        else:
            message = str(exc.detail)
        return error_response(exc.status_code, message, headers=dict(exc.headers or {}))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        if request.url.path.startswith("/_sandbox"):
            return await request_validation_exception_handler(request, exc)
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg')}" for e in exc.errors()
        )
        if request.url.path.startswith("/connect"):
            return oauth_error(400, "invalid_request", problems)
        return error_response(400, f"The request is invalid: {problems}")
