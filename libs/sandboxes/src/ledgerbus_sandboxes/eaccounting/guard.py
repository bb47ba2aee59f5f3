"""What every ``/v2`` call passes before it is served: faults, the bearer token, the
token's scopes, the rate limit, and the company the token opens."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request
from fastapi.responses import JSONResponse, Response

from ledgerbus_sandboxes.common import AdministrationData, Sandbox
from ledgerbus_sandboxes.common.control import MALFORMED
from ledgerbus_sandboxes.eaccounting.errors import RATE_LIMITED, error_response
from ledgerbus_sandboxes.eaccounting.oauth import TokenStore
from ledgerbus_sandboxes.eaccounting.ratelimit import RateLimits

TRUNCATED = b'{"Meta": {"CurrentPage": 1, "PageSize": 50}, "Data": [{"Id": "'
"""The body of a malformed answer: a 200 JSON page cut off mid-record."""


def bearer_token(authorization: str | None) -> str | None:
    """The token of ``Authorization: Bearer <token>`` (the scheme in any case), else None."""
    scheme, _, token = (authorization or "").strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


@dataclass(frozen=True)
class Guard:
    """Checks one call: ``check`` answers the company to serve, or the response to send."""

    sandbox: Sandbox
    tokens: TokenStore
    limits: RateLimits
    per_minute: int
    client_id: str

    def check(self, request: Request, scopes: frozenset[str]) -> AdministrationData | Response:
        """The company, or the error (any :class:`Response`, a malformed body included)."""
        path = request.url.path
        if (fault := self.sandbox.misbehave(path)) is not None:
            if fault.status == MALFORMED:
                return Response(TRUNCATED, media_type="application/json")
            if fault.body:
                return JSONResponse(fault.body, fault.status)
            if fault.status == 429:
                return self.too_many(1)
            return error_response(fault.status, f"Injected fault {fault.status}")
        now = self.sandbox.clock.now()
        token = bearer_token(request.headers.get("authorization"))
        if token is None:
            return error_response(401, "Authorization has been denied for this request.")
        access = self.tokens.lookup(token, now)
        if access is None:
            return error_response(401, "The access token is invalid or expired.")
        if not access.scopes & scopes:
            wanted = ", ".join(sorted(scopes))
            return error_response(403, f"The token lacks a scope for {path}: one of {wanted}")
        wait = self.limits.take(self.client_id, access.company, path, now)
        if wait is not None:
            return self.too_many(wait)
        return self.sandbox.administration(access.company)

    def too_many(self, wait: int) -> Response:
        """The published 429: ErrorCode 4010, the wait in the message and in Retry-After."""
        return error_response(
            429,
            f"API calls quota exceeded! maximum admitted {self.per_minute} per Minute. "
            f"Try again in {wait} seconds.",
            RATE_LIMITED,
            {"Retry-After": str(wait)},
        )
