"""API-key connections: a stored key traded for a short-lived bearer token, plus static keys.

SnelStart's shape: the administration's client key buys a token at the package's token
endpoint, and the partner's subscription key goes on every call. The token is fetched
lazily and renewed when it expires (a minute early) or after a 401; a refused key aborts
the sync as needing re-authorisation (a new key).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable, Mapping

from pydantic import SecretStr

from ledgerbus_connectorkit.auth import bearer
from ledgerbus_connectorkit.credentials import CredentialsRejected
from ledgerbus_connectorkit.errors import SyncAborted
from ledgerbus_contracts import ErrorKind
from ledgerbus_servicekit import Clock

KeyExchange = Callable[[SecretStr], Awaitable[tuple[SecretStr, int]]]
"""Trades a key for (access token, lifetime in seconds); raises :class:`CredentialsRejected`."""

RENEW_EARLY = dt.timedelta(seconds=60)


class ApiKeyAuthenticator:
    """Headers for one key connection: ``Bearer`` with the key's token and ``static`` keys."""

    def __init__(
        self,
        *,
        key: SecretStr,
        exchange: KeyExchange,
        clock: Clock,
        static: Mapping[str, SecretStr] | None = None,
        renew_hint: str = "the connection's key must be renewed",
    ) -> None:
        self.key, self.exchange, self.clock = key, exchange, clock
        self.static, self.renew_hint = dict(static or {}), renew_hint
        self._token: SecretStr | None = None
        self._expires: dt.datetime | None = None

    async def headers(self) -> dict[str, str]:
        """The bearer token (fetched when none is held or it expired) and the static keys."""
        if self._token is None or self._expires is None or self.clock.now() >= self._expires:
            await self.refresh()
        assert self._token is not None
        statics = {name: value.get_secret_value() for name, value in self.static.items()}
        return {**bearer(self._token.get_secret_value()), **statics}

    async def refresh(self) -> None:
        """Trade the key for a new token."""
        try:
            token, lifetime = await self.exchange(self.key)
        except CredentialsRejected as exc:
            raise SyncAborted(
                ErrorKind.REAUTHORIZATION_REQUIRED, f"{exc}; {self.renew_hint}"
            ) from exc
        self._token = token
        seconds = max((dt.timedelta(seconds=lifetime) - RENEW_EARLY).total_seconds(), 1)
        self._expires = self.clock.now() + dt.timedelta(seconds=seconds)
