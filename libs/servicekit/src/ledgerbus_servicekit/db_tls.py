"""TLS for PostgreSQL connections: libpq's ``sslmode`` and ``sslrootcert`` on the URL."""

from __future__ import annotations

from typing import Literal
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

DatabaseSslMode = Literal["disable", "allow", "prefer", "require", "verify-ca", "verify-full"]


def with_tls(url: str, sslmode: DatabaseSslMode | None, sslrootcert: str | None) -> str:
    """``url`` with ``sslmode`` and ``sslrootcert`` set as query parameters (asyncpg reads them).

    Parameters left ``None`` keep whatever the URL already says.
    """
    if sslmode is None and sslrootcert is None:
        return url
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    if sslmode is not None:
        query["sslmode"] = sslmode
    if sslrootcert is not None:
        query["sslrootcert"] = sslrootcert
    return urlunsplit(parts._replace(query=urlencode(query)))
