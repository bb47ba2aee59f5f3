"""Twinfield's OpenID Connect login as the sandbox plays it: code, token, validation.

The token endpoint takes the client's credentials as form fields or by HTTP Basic
(RFC 6749 2.3.1, as an OpenID Connect provider does; one of the two, not both). Codes
are single use; refresh tokens do not rotate (the answer repeats the one
used); access tokens live ``access_token_seconds`` on the sandbox clock;
``accesstokenvalidation`` answers ``twf.clusterUrl`` (the sandbox itself), ``exp``
and ``nbf``, or 400 for an unknown or expired token.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import secrets
from dataclasses import dataclass, field
from typing import Annotated, Any
from urllib.parse import unquote_plus, urlencode

from fastapi import APIRouter, Form, Request
from fastapi.responses import JSONResponse, RedirectResponse

OIDC = "/auth/authentication/connect"


@dataclass
class Logins:
    """Issued codes, access tokens (with their expiry) and refresh tokens."""

    codes: set[str] = field(default_factory=set)
    access: dict[str, dt.datetime] = field(default_factory=dict)
    refresh: set[str] = field(default_factory=set)

    def new_code(self) -> str:
        """A fresh single-use authorization code."""
        code = secrets.token_urlsafe(24)
        self.codes.add(code)
        return code

    def valid(self, access_token: str | None, now: dt.datetime) -> bool:
        """Whether an access token was issued and has not expired at ``now``."""
        expires = self.access.get(access_token or "")
        return expires is not None and now < expires


def _basic(header: str) -> tuple[str, str] | None:
    """(client id, secret) of ``Authorization: Basic``, form-URL-decoded (RFC 6749 2.3.1)."""
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(value.strip(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        return ("", "")
    user, _, password = decoded.partition(":")
    return unquote_plus(user), unquote_plus(password)


def oidc_router(config: Any, clock: Any, logins: Logins) -> APIRouter:
    """``authorize``, ``token`` and ``accesstokenvalidation`` under ``OIDC``."""
    router = APIRouter(prefix=OIDC, tags=["openid connect"])

    @router.get("/authorize", response_model=None)
    def authorize(
        client_id: str, redirect_uri: str, state: str | None = None
    ) -> RedirectResponse | JSONResponse:
        if client_id != config.client_id:
            return JSONResponse({"error": "invalid_client"}, 400)
        query = {"code": logins.new_code(), **({"state": state} if state else {})}
        return RedirectResponse(f"{redirect_uri}?{urlencode(query)}", 302)

    @router.post("/token")
    def token(
        request: Request,
        grant_type: Annotated[str, Form()],
        client_id: Annotated[str | None, Form()] = None,
        client_secret: Annotated[str | None, Form()] = None,
        code: Annotated[str | None, Form()] = None,
        refresh_token: Annotated[str | None, Form()] = None,
    ) -> JSONResponse:
        basic = _basic(request.headers.get("authorization", ""))
        if basic is not None and client_secret is not None:
            return JSONResponse(
                {"error": "invalid_request", "error_description": "one client authentication"},
                400,
            )
        if basic is not None:
            if basic != (config.client_id, config.client_secret):
                return JSONResponse(
                    {"error": "invalid_client"}, 401, headers={"WWW-Authenticate": "Basic"}
                )
        elif (client_id, client_secret) != (config.client_id, config.client_secret):
            return JSONResponse({"error": "invalid_client"}, 400)
        if grant_type == "authorization_code" and code in logins.codes:
            logins.codes.discard(code)
            new_refresh = secrets.token_urlsafe(32)
            logins.refresh.add(new_refresh)
        elif grant_type == "refresh_token" and refresh_token in logins.refresh:
            new_refresh = refresh_token
        else:
            return JSONResponse({"error": "invalid_grant"}, 400)
        access = secrets.token_urlsafe(32)
        lifetime = config.access_token_seconds
        logins.access[access] = clock.now() + dt.timedelta(seconds=lifetime)
        return JSONResponse(
            {
                "access_token": access,
                "token_type": "Bearer",
                "expires_in": lifetime,
                "refresh_token": new_refresh,
            }
        )

    @router.get("/accesstokenvalidation")
    def validate(request: Request, token: str) -> JSONResponse:
        if not logins.valid(token, clock.now()):
            return JSONResponse({"Message": "The access token is invalid."}, 400)
        return JSONResponse(
            {
                "twf.clusterUrl": str(request.base_url).rstrip("/"),
                "exp": int(logins.access[token].timestamp()),
                "nbf": 0,
            }
        )

    return router
