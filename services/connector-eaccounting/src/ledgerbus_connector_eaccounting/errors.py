"""Visma eAccounting's error answers, where they differ from the kit's default mapping.

The body is ``{"ErrorCode", "DeveloperErrorMessage", "ErrorId"}``. A 429 (``ErrorCode``
4010) waits as long as its ``Retry-After`` header or, Visma sending none in its example,
the ``Try again in N seconds`` of its message (the kit's 60 s when neither says).
"""

from __future__ import annotations

import re

import httpx

from ledgerbus_connectorkit.http_errors import HttpErrorMap

_TRY_AGAIN = re.compile(r"try again in (\d+) seconds?", re.IGNORECASE)


class EAccountingErrors(HttpErrorMap):
    """The kit's mapping with eAccounting's error body and 429 message."""

    def message(self, response: httpx.Response) -> str:
        """``ErrorCode: DeveloperErrorMessage (ErrorId)``, or the status text."""
        try:
            body = response.json()
            text = f"{body['ErrorCode']}: {body.get('DeveloperErrorMessage') or ''}"
        except (ValueError, KeyError, TypeError):
            return response.reason_phrase
        return (f"{text} ({body['ErrorId']})" if body.get("ErrorId") else text)[:300]

    def retry_after(self, response: httpx.Response) -> int:
        if response.headers.get("Retry-After", "").strip().isdigit():
            return super().retry_after(response)
        found = _TRY_AGAIN.search(self.message(response))
        return int(found.group(1)) if found else self.retry_after_default
