"""Visma's identity server as the sandbox plays it: ``/connect/authorize`` and ``/connect/token``.

The authorization-code flow with refresh tokens (developer.vismaonline.com/docs/authentication):
the app sends the user to ``/connect/authorize`` with ``client_id``, ``redirect_uri``,
``scope`` (``ea:api`` and ``offline_access`` mandatory), ``state``, ``response_type=code``
(and ``prompt``, ``acr_values``, which the sandbox accepts and ignores); the consent approves
at once and redirects to the registered URI with ``code`` and ``state``. The code is
exchanged at ``/connect/token`` (form-urlencoded, as the identity server demands) with
``grant_type=authorization_code``, ``code`` and the same ``redirect_uri``; the client
authenticates with HTTP Basic (``client_id:client_secret``, as Visma's samples do) or with
``client_id``/``client_secret`` form fields. The answer: ``access_token``, ``expires_in``
3600 (one hour), ``token_type`` ``Bearer``, ``refresh_token``, ``scope``. Every refresh
(``grant_type=refresh_token``) returns a new refresh token and kills the old one: "the same
Refresh Token cannot be used more than once" (developer.vismaonline.com/docs/change-to-our-
new-identity-server); reusing it answers 400 ``invalid_grant``.

A login picks one company (Visma's ``acr_values=forceselectcompany:true`` lets the user
choose): the sandbox takes the sandbox-only query parameter ``company`` (a company key),
else its first company. UNCONFIRMED: codes live ``code_seconds`` (300, IdentityServer's
default) and are single use; refresh tokens do not expire; an unknown or unregistered
``redirect_uri`` answers 400 with no redirect; a bad client answers 400 ``invalid_client``.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import secrets
from dataclasses import dataclass, field
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Header, Query
from fastapi.responses import JSONResponse, RedirectResponse

from ledgerbus_sandboxes.common import Sandbox
from ledgerbus_sandboxes.eaccounting.config import EAccountingSandboxConfig
from ledgerbus_sandboxes.eaccounting.errors import oauth_error

SCOPES = frozenset(
    {
        "ea:api",
        "offline_access",
        "ea:sales",
        "ea:sales_readonly",
        "ea:accounting",
        "ea:accounting_readonly",
        "ea:purchase",
        "ea:purchase_readonly",
        "openid",
        "profile",
        "email",
    }
)
"""The scopes the identity server knows (Visma's table plus OpenID Connect's own)."""


@dataclass(frozen=True)
class Access:
    """What an access token opens: one company, with its scopes, until it expires."""

    company: str
    scopes: frozenset[str]
    expires: dt.datetime


@dataclass
class TokenStore:
    """Outstanding codes, the live refresh tokens and the access tokens the API accepts."""

    codes: dict[str, tuple[dt.datetime, str, str, frozenset[str]]] = field(default_factory=dict)
    """Code -> (expiry, redirect URI, company, scopes)."""
    refresh: dict[str, tuple[str, frozenset[str]]] = field(default_factory=dict)
    """Live refresh token -> (company, scopes)."""
    used: set[str] = field(default_factory=set)
    access: dict[str, Access] = field(default_factory=dict)

    def lookup(self, token: str, now: dt.datetime) -> Access | None:
        """The grant of a live access token, or None."""
        found = self.access.get(token)
        return found if found is not None and now < found.expires else None

    def revoke_all(self) -> None:
        """Forget every token (to test re-authorisation)."""
        self.refresh.clear()
        self.access.clear()


def basic_credentials(authorization: str | None) -> tuple[str, str] | None:
    """``(client_id, client_secret)`` of an HTTP Basic header, or None."""
    scheme, _, value = (authorization or "").strip().partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    client_id, sep, secret = decoded.partition(":")
    return (client_id, secret) if sep else None


def oauth_router(
    sandbox: Sandbox, config: EAccountingSandboxConfig, tokens: TokenStore
) -> APIRouter:
    """``GET /connect/authorize`` and ``POST /connect/token``."""
    router = APIRouter(prefix="/connect", tags=["identity server"])

    @router.get("/authorize", response_model=None)
    def authorize(
        client_id: str,
        redirect_uri: Annotated[str | None, Query()] = None,
        response_type: str = "code",
        scope: str = "",
        state: Annotated[str | None, Query()] = None,
        company: Annotated[str | None, Query()] = None,
    ) -> RedirectResponse | JSONResponse:
        if client_id != config.client_id:
            return oauth_error(400, "invalid_client", "unknown client_id")
        if redirect_uri != config.redirect_uri:
            return oauth_error(
                400, "invalid_request", "redirect_uri is missing or not the client's registered one"
            )
        chosen = company or next(iter(config.companies))
        if chosen not in config.companies:
            return oauth_error(400, "invalid_request", f"no company {chosen!r} for this user")
        joiner = "&" if "?" in redirect_uri else "?"
        back = {**({"state": state} if state else {})}
        asked = frozenset(scope.split())
        if response_type != "code":
            back["error"] = "unsupported_response_type"
        elif "ea:api" not in asked or not asked <= SCOPES:
            back["error"] = "invalid_scope"
        else:
            code = secrets.token_urlsafe(24)
            expiry = sandbox.clock.now() + dt.timedelta(seconds=config.code_seconds)
            tokens.codes[code] = (expiry, redirect_uri, chosen, asked)
            back = {"code": code, **back}
        return RedirectResponse(f"{redirect_uri}{joiner}{urlencode(back)}", status_code=302)

    @router.post("/token")
    def token(
        grant_type: Annotated[str, Form()],
        code: Annotated[str | None, Form()] = None,
        redirect_uri: Annotated[str | None, Form()] = None,
        refresh_token: Annotated[str | None, Form()] = None,
        client_id: Annotated[str | None, Form()] = None,
        client_secret: Annotated[str | None, Form()] = None,
        authorization: Annotated[str | None, Header()] = None,
    ) -> JSONResponse:
        now = sandbox.clock.now()
        client = basic_credentials(authorization) or (client_id, client_secret)
        if client != (config.client_id, config.client_secret):
            return oauth_error(400, "invalid_client", "client authentication failed")
        if grant_type == "authorization_code":
            issued = tokens.codes.pop(code or "", None)
            if issued is None or now >= issued[0]:
                return oauth_error(400, "invalid_grant", "the authorization code is invalid")
            if redirect_uri != issued[1]:
                return oauth_error(
                    400,
                    "invalid_grant",
                    "redirect_uri differs from the one the code was issued for",
                )
            return _issue(tokens, now, config, issued[2], issued[3])
        if grant_type == "refresh_token":
            held = tokens.refresh.pop(refresh_token or "", None)
            if held is None:
                return oauth_error(400, "invalid_grant", "the refresh token is invalid or used")
            tokens.used.add(refresh_token or "")
            return _issue(tokens, now, config, *held)
        return oauth_error(400, "unsupported_grant_type", f"grant_type {grant_type!r}")

    return router


def _issue(
    tokens: TokenStore,
    now: dt.datetime,
    config: EAccountingSandboxConfig,
    company: str,
    scopes: frozenset[str],
) -> JSONResponse:
    access = secrets.token_urlsafe(32)
    expires = now + dt.timedelta(seconds=config.access_token_seconds)
    tokens.access[access] = Access(company, scopes, expires)
    body: dict[str, object] = {
        "access_token": access,
        "expires_in": config.access_token_seconds,
        "token_type": "Bearer",
        "scope": " ".join(sorted(scopes)),
    }
    if "offline_access" in scopes:
        refresh = secrets.token_urlsafe(32)
        tokens.refresh[refresh] = (company, scopes)
        body["refresh_token"] = refresh
    return JSONResponse(body, headers={"Cache-Control": "no-store", "Pragma": "no-cache"})
