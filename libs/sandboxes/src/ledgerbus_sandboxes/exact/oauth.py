"""Exact's OAuth2 authorization-code flow as the sandbox plays it.

The consent page approves at once and redirects with a code (single use, valid
3 minutes). The app's registered redirect URI must be given, exactly, both there and
at the code exchange: an unknown one gets a 400 and no redirect (RFC 6749 4.1.2.1 and
4.1.3; Exact's token step lists ``redirect_uri`` among the exchange's fields). Access
tokens live ``access_token_seconds`` (600). Every refresh returns a new refresh
token and kills the old one: reusing it answers 401
``unauthorized_client`` "Old refresh token used.", as Exact does.

UNCONFIRMED in the public sources, chosen here: a refresh within
``refresh_interval_seconds`` (570) of the previous token answers 400
``invalid_request`` and leaves the current tokens valid, so a client that
refreshes too early is caught by the tests.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query
from fastapi.responses import JSONResponse, RedirectResponse

from ledgerbus_sandboxes.common import Sandbox
from ledgerbus_sandboxes.exact.config import ExactSandboxConfig
from ledgerbus_sandboxes.exact.errors import oauth_error as _error


@dataclass
class Grant:
    """The tokens of one authorization, rotated on every refresh."""

    access_token: str
    refresh_token: str
    issued_at: dt.datetime
    retired_refresh_tokens: set[str] = field(default_factory=set)


@dataclass
class TokenStore:
    """Codes, grants and the access tokens the API accepts."""

    codes: dict[str, tuple[dt.datetime, str]] = field(default_factory=dict)
    """Outstanding codes: their expiry and the redirect URI they were issued for."""
    grants: dict[str, Grant] = field(default_factory=dict)  # by current refresh token

    def valid_access(self, token: str, now: dt.datetime, lifetime: int) -> bool:
        return any(
            g.access_token == token and now < g.issued_at + dt.timedelta(seconds=lifetime)
            for g in self.grants.values()
        )

    def revoke_all(self) -> None:
        """Forget every grant (to test re-authorisation)."""
        self.grants.clear()


def oauth_router(sandbox: Sandbox, config: ExactSandboxConfig, tokens: TokenStore) -> APIRouter:
    """``/api/oauth2/auth`` and ``/api/oauth2/token``."""
    router = APIRouter(prefix="/api/oauth2", tags=["oauth2"])

    @router.get("/auth", response_model=None)
    def authorize(
        client_id: str,
        redirect_uri: Annotated[str | None, Query()] = None,
        response_type: str = "code",
        state: Annotated[str | None, Query()] = None,
    ) -> RedirectResponse | JSONResponse:
        if client_id != config.client_id:
            return _error(400, "invalid_client", "unknown client_id")
        if redirect_uri != config.redirect_uri:
            return _error(
                400, "invalid_request", "redirect_uri is missing or not the app's registered one"
            )
        if response_type != "code":
            return _error(400, "unsupported_response_type", "only response_type=code is played")
        code = secrets.token_urlsafe(24) + "!"  # Exact's codes carry characters to URL-encode
        tokens.codes[code] = (sandbox.clock.now() + dt.timedelta(minutes=3), redirect_uri)
        query = {"code": code, **({"state": state} if state else {})}
        joiner = "&" if "?" in redirect_uri else "?"
        return RedirectResponse(f"{redirect_uri}{joiner}{urlencode(query)}", status_code=302)

    @router.post("/token")
    def token(
        grant_type: Annotated[str, Form()],
        client_id: Annotated[str, Form()],
        client_secret: Annotated[str, Form()],
        code: Annotated[str | None, Form()] = None,
        refresh_token: Annotated[str | None, Form()] = None,
        redirect_uri: Annotated[str | None, Form()] = None,
    ) -> JSONResponse:
        now = sandbox.clock.now()
        if client_id != config.client_id or client_secret != config.client_secret:
            return _error(401, "invalid_client", "client authentication failed")
        if grant_type == "authorization_code":
            issued = tokens.codes.pop(code or "", None)
            if issued is None or now > issued[0]:
                return _error(400, "invalid_grant", "the authorization code is invalid or expired")
            if redirect_uri != issued[1]:
                return _error(
                    400,
                    "invalid_grant",
                    "redirect_uri is missing or differs from the one the code was issued for",
                )
            return _issue(tokens, now, config, retired=set())
        if grant_type == "refresh_token":
            grant = tokens.grants.get(refresh_token or "")
            if grant is None:
                if any(refresh_token in g.retired_refresh_tokens for g in tokens.grants.values()):
                    return _error(401, "unauthorized_client", "Old refresh token used.")
                return _error(400, "invalid_grant", "the refresh token is unknown or expired")
            if now < grant.issued_at + dt.timedelta(seconds=config.refresh_interval_seconds):
                return _error(400, "invalid_request", "a new access token was requested too soon")
            del tokens.grants[grant.refresh_token]
            return _issue(tokens, now, config, {*grant.retired_refresh_tokens, grant.refresh_token})
        return _error(400, "unsupported_grant_type", f"grant_type {grant_type!r}")

    return router


def _issue(
    tokens: TokenStore, now: dt.datetime, config: ExactSandboxConfig, retired: set[str]
) -> JSONResponse:
    grant = Grant(secrets.token_urlsafe(32), secrets.token_urlsafe(32), now, retired)
    tokens.grants[grant.refresh_token] = grant
    return JSONResponse(
        {
            "access_token": grant.access_token,
            "token_type": "Bearer",
            "expires_in": str(config.access_token_seconds),
            "refresh_token": grant.refresh_token,
        }
    )
