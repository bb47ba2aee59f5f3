"""Opaque page tokens: what a list API gives out, and the check that one came from it.

A token is the URL-safe base64 (no padding) of ``after:<last key>``. Anything else
(bad characters, bad padding, another payload, a NUL) is a 400 naming the parameter,
so a client never silently starts again from the first page.
"""

from __future__ import annotations

import base64
import binascii
import re

from ledgerbus_servicekit.errors import ApiError

_PREFIX = "after:"
_ALPHABET = re.compile(r"[A-Za-z0-9_-]{1,2000}")


def encode_page_token(after: str) -> str:
    """The token that continues after the key ``after``."""
    return base64.urlsafe_b64encode(f"{_PREFIX}{after}".encode()).decode().rstrip("=")


def decode_page_token(token: str, *, parameter: str = "page_token") -> str:
    """The key a token continues after; 400 unless :func:`encode_page_token` made it."""
    refused = ApiError(
        400,
        f"{parameter} is not a token this API gave out; leave it out to start from the first page",
        loc=("query", parameter),
        type="invalid_page_token",
    )
    if not _ALPHABET.fullmatch(token):
        raise refused
    try:
        text = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
    except (binascii.Error, ValueError) as exc:
        raise refused from exc
    after = text.removeprefix(_PREFIX)
    if after == text or "\x00" in after or encode_page_token(after) != token:
        raise refused
    return after
