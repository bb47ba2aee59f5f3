"""SnelStart's responses as error resolutions: the kit's defaults with SnelStart's messages.

401 gets one token renewal; 429 waits ``Retry-After`` seconds on the connector's clock
(60 s when absent: SnelStart documents no limits, UNCONFIRMED); 5xx and 408 are
retried with backoff; 400, 403 and 404 fail as configuration problems and other 4xx as
bugs, with SnelStart's error code and message (``[{"errorCode", "message"}]``, the
shape is UNCONFIRMED).
"""

from __future__ import annotations

import httpx

from ledgerbus_connectorkit import ErrorResolution
from ledgerbus_connectorkit.client import ErrorHandler
from ledgerbus_connectorkit.http_errors import HttpErrorMap
from ledgerbus_servicekit import Clock


def snelstart_message(response: httpx.Response) -> str:
    """``errorCode: message`` of the first error in the body, or the status text."""
    try:
        first = response.json()[0]
        return f"{first['errorCode']}: {first['message']}"[:300]
    except (ValueError, KeyError, IndexError, TypeError):
        return response.reason_phrase


class SnelStartErrors(HttpErrorMap):
    """The defaults, with SnelStart's error body in messages."""

    def message(self, response: httpx.Response) -> str:
        """SnelStart's first ``errorCode: message``."""
        return snelstart_message(response)


def resolve(response: httpx.Response, clock: Clock | None = None) -> ErrorResolution:
    """What to do about one SnelStart response."""
    return SnelStartErrors(clock).resolve(response)


def resolver(clock: Clock) -> ErrorHandler:
    """The mapping on the connector's clock."""
    return SnelStartErrors(clock)
