"""SnelStart's token endpoint as the sandbox plays it: ``grant_type=clientkey``.

A client key (koppelingsleutel) opens exactly one administration; the token lives
``token_seconds`` on the sandbox clock. The endpoint needs no subscription key
(UNCONFIRMED; the official example sends none).
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import APIRouter, Form
from fastapi.responses import JSONResponse


@dataclass
class Tokens:
    """Issued access tokens: the administration each opens, and until when."""

    by_token: dict[str, tuple[str, dt.datetime]] = field(default_factory=dict)
    calls: dict[int, int] = field(default_factory=dict)

    def administration(self, authorization: str | None, now: dt.datetime) -> str | None:
        """The administration a ``Bearer`` header opens now, or None."""
        held = self.by_token.get((authorization or "").removeprefix("Bearer ").strip())
        return None if held is None or now >= held[1] else held[0]


def token_router(config: Any, clock: Any, tokens: Tokens) -> APIRouter:
    """``POST /b2b/token``."""
    router = APIRouter(tags=["auth"])
    keys = {client_key: key for key, (_, client_key) in config.administrations.items()}

    @router.post("/b2b/token")
    def token(
        grant_type: Annotated[str, Form()], clientkey: Annotated[str | None, Form()] = None
    ) -> JSONResponse:
        if grant_type != "clientkey":
            return JSONResponse({"error": "unsupported_grant_type"}, 400)
        administration = keys.get(clientkey or "")
        if administration is None:
            return JSONResponse(
                {"error": "invalid_grant", "error_description": "unknown client key"}, 400
            )
        value = secrets.token_urlsafe(32)
        expires = clock.now() + dt.timedelta(seconds=config.token_seconds)
        tokens.by_token[value] = (administration, expires)
        return JSONResponse(
            {"access_token": value, "token_type": "bearer", "expires_in": config.token_seconds}
        )

    return router
