"""SnelStart's responses as error resolutions.

401 gets one token renewal; 429 waits ``Retry-After`` seconds on the connector's clock
(60 s when absent: SnelStart documents no limits, UNCONFIRMED); 5xx and 408 are
retried with backoff; 400, 403 and 404 fail as configuration problems (a wrong
filter, missing scopes, an unknown resource) and other 4xx as bugs, with SnelStart's
error code and message (``[{"errorCode", "message"}]``, the shape is UNCONFIRMED).
"""

from __future__ import annotations

import datetime as dt

import httpx

from ledgerbus_connectorkit import Action, ErrorResolution
from ledgerbus_connectorkit.auth import redact_url
from ledgerbus_connectorkit.client import ErrorHandler
from ledgerbus_connectorkit.errors import SUCCESS
from ledgerbus_contracts import ErrorKind
from ledgerbus_servicekit import Clock, SystemClock

DEFAULT_RETRY_AFTER = 60


def resolve(response: httpx.Response, clock: Clock | None = None) -> ErrorResolution:
    """What to do about one SnelStart response."""
    status = response.status_code
    if status < 300:
        return SUCCESS
    where = f"{response.request.method} {redact_url(response.request.url)}"
    if status == 401:
        return ErrorResolution(Action.REFRESH_AUTH, ErrorKind.AUTH, f"{where}: unauthorised")
    if status == 429:
        value = response.headers.get("Retry-After", "")
        seconds = int(value) if value.isdigit() else DEFAULT_RETRY_AFTER
        resume = (clock or SystemClock()).now() + dt.timedelta(seconds=seconds)
        return ErrorResolution(Action.WAIT, ErrorKind.RATE_LIMITED, f"{where}: 429", resume)
    if status >= 500 or status == 408:
        return ErrorResolution(Action.RETRY, ErrorKind.TRANSIENT, f"{where}: {status}")
    kind = ErrorKind.CONFIGURATION if status in (400, 403, 404) else ErrorKind.BUG
    return ErrorResolution(Action.FAIL, kind, f"{where}: {status} {snelstart_message(response)}")


def snelstart_message(response: httpx.Response) -> str:
    """``errorCode: message`` of the first error in the body, or the status text."""
    try:
        first = response.json()[0]
        return f"{first['errorCode']}: {first['message']}"[:300]
    except (ValueError, KeyError, IndexError, TypeError):
        return response.reason_phrase


def resolver(clock: Clock) -> ErrorHandler:
    """``resolve`` on the connector's clock."""

    def handle(response: httpx.Response) -> ErrorResolution:
        return resolve(response, clock)

    return handle
