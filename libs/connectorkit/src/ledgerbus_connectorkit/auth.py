"""Authenticators put credentials on requests and renew them when the package says so."""

from __future__ import annotations

from typing import Protocol

import httpx


class Authenticator(Protocol):
    """Adds credentials to a request; ``refresh`` renews them after a 401."""

    async def headers(self) -> dict[str, str]:
        """The headers that authenticate a request."""
        ...

    async def refresh(self) -> None:
        """Obtain new credentials (raise :class:`~ledgerbus_connectorkit.errors.SyncAborted`
        with kind ``reauthorization_required`` when that is impossible)."""
        ...


class NoAuth:
    """For endpoints that need no credentials."""

    async def headers(self) -> dict[str, str]:
        """No headers."""
        return {}

    async def refresh(self) -> None:
        """Nothing to refresh."""


def bearer(token: str) -> dict[str, str]:
    """An ``Authorization: Bearer`` header."""
    return {"Authorization": f"Bearer {token}"}


def redact_url(url: httpx.URL | str) -> str:
    """A URL without its query string, for logs and error messages."""
    return str(httpx.URL(str(url)).copy_with(query=None))
