"""Exact's error envelope, and the app-wide handlers that put every API error in it.

The REST API answers errors as ``{"error": {"code": "", "message": {"lang": "",
"value": "…"}}}`` (a 400 body quoted whole in picqer/exact-php-client issue #500);
clients read ``error.message.value``. The sandbox uses it for every error under
``/api/v1`` and for unknown routes; the token endpoint keeps OAuth's own
``{"error", "error_description"}`` shape (issue #300 quotes Exact's), and the
``/_sandbox`` control API, which is ours, keeps FastAPI's.
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.responses import JSONResponse

from ledgerbus_sandboxes.common.errors import install_envelope_handlers, oauth_error

__all__ = ["ODataError", "error_response", "install_error_handlers", "oauth_error"]


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


def install_error_handlers(app: FastAPI) -> None:
    """Unknown routes, wrong methods and malformed requests answer in Exact's shapes."""
    install_envelope_handlers(app, error_response, "/api/oauth2")
