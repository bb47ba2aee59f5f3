"""eAccounting's error body, and the app-wide handlers that answer every API error in it.

The API answers errors as ``{"ErrorCode": <int>, "DeveloperErrorMessage": "…", "ErrorId":
"<guid>"}`` (the 429 example on developer.vismaonline.com/docs/rate-limits, code 4010). The
identity server's ``/connect/*`` keeps OAuth's ``{"error", "error_description"}`` (RFC 6749
5.2); the ``/_sandbox`` control API, which is ours, keeps FastAPI's.
"""

from __future__ import annotations

import uuid

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

from ledgerbus_sandboxes.common.errors import install_envelope_handlers, oauth_error

__all__ = ["ApiError", "error_response", "install_error_handlers", "oauth_error"]

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


def install_error_handlers(app: FastAPI) -> None:
    """Refusals, unknown routes, wrong methods and malformed requests answer in eAccounting's
    envelope (the identity server's in OAuth's shape)."""

    @app.exception_handler(ApiError)
    async def refused(request: Request, exc: ApiError) -> Response:
        return error_response(exc.status, exc.message, exc.code)

    install_envelope_handlers(
        app,
        lambda status, message, headers: error_response(status, message, None, headers),
        "/connect",
    )
