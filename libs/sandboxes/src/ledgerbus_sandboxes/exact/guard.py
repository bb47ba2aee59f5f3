"""What every API call passes before it is served: faults, the bearer token, the media
type, the rate limits and the division."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request
from fastapi.responses import JSONResponse, Response

from ledgerbus_sandboxes.common import Sandbox
from ledgerbus_sandboxes.common.control import MALFORMED
from ledgerbus_sandboxes.exact.config import ExactSandboxConfig
from ledgerbus_sandboxes.exact.errors import error_response
from ledgerbus_sandboxes.exact.oauth import TokenStore
from ledgerbus_sandboxes.exact.ratelimit import RateLimits


def bearer_token(authorization: str | None) -> str | None:
    """The token of ``Authorization: Bearer <token>`` (the scheme in any case), else None."""
    scheme, _, token = (authorization or "").strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def wants_json(accept: str | None) -> bool:
    """Whether ``Accept`` names ``application/json`` (with any parameters)."""
    ranges = (part.split(";")[0].strip().lower() for part in (accept or "").split(","))
    return any(r == "application/json" for r in ranges)


@dataclass(frozen=True)
class Guard:
    """Checks one call; ``check`` answers the error response, or the rate-limit headers."""

    sandbox: Sandbox
    config: ExactSandboxConfig
    tokens: TokenStore
    limits: RateLimits

    def check(self, request: Request, division: int | str) -> Response | dict[str, str]:
        """The error to answer, or the rate-limit headers of an allowed call."""
        if (fault := self.sandbox.misbehave(request.url.path)) is not None:
            if fault.status == MALFORMED:
                return Response(b'{"d": {"results": [{"ID": ', media_type="application/json")
            if fault.body:
                return JSONResponse(fault.body, fault.status)
            return error_response(fault.status, f"Injected fault {fault.status}")
        now = self.sandbox.clock.now()
        token = bearer_token(request.headers.get("authorization"))
        if token is None:
            return error_response(401, "Unauthorized: send 'Authorization: Bearer <access token>'")
        if not self.tokens.valid_access(token, now, self.config.access_token_seconds):
            return error_response(401, "Unauthorized: the access token is invalid or expired")
        if not wants_json(request.headers.get("accept")):
            return error_response(
                406,
                "Not acceptable: the sandbox serves JSON only; send 'Accept: application/json' "
                "(Exact answers Atom XML otherwise)",
            )
        try:
            number = int(division)
        except ValueError:
            return error_response(400, f"Bad request: the division {division!r} is not a number")
        allowed, headers = self.limits.take(number, now)
        if not allowed:
            return error_response(429, "Too many requests", headers)
        if self.sandbox.data.get(str(number)) is None:
            return error_response(403, f"Forbidden: no access to division {number}", headers)
        return headers
