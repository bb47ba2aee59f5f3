"""A connection's credentials: OAuth2 tokens or an API key, and their refusal."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pydantic import SecretStr


@dataclass(frozen=True)
class Tokens:
    """An OAuth2 token response; secrets stay wrapped so they never print.

    ``issued_at`` is None for tokens stored before the kit recorded it.
    """

    access_token: SecretStr
    refresh_token: SecretStr
    expires_at: dt.datetime
    issued_at: dt.datetime | None = None


@dataclass(frozen=True)
class StoredConnection:
    """A connection row with its tokens decrypted (still wrapped)."""

    id: str
    state: str
    access_token: SecretStr
    refresh_token: SecretStr
    expires_at: dt.datetime
    issued_at: dt.datetime | None


class CredentialsRejected(Exception):
    """The package refused a code, a refresh token or a key (it says why, without secrets)."""
