"""Exact's responses as error resolutions: the kit's defaults, with Exact's rate limits.

Exact counts 400, 401, 403 and 404 per endpoint and blocks a key for an hour after
ten in an hour, so none of them is retried blindly: a 401 gets one token refresh,
the others fail with Exact's own message. A 429 waits for the minutely reset, or
pauses the sync until the daily reset when the day's budget is spent.
"""

from __future__ import annotations

import datetime as dt

import httpx

from ledgerbus_connector_exact.exact.ratelimit import reset_time
from ledgerbus_connectorkit import Action, ErrorResolution
from ledgerbus_connectorkit.http_errors import HttpErrorMap
from ledgerbus_contracts import ErrorKind


def exact_message(response: httpx.Response) -> str:
    """Exact's ``error.message.value``, or the status text."""
    try:
        body = response.json()
        return str(body["error"]["message"]["value"])[:300]
    except (ValueError, KeyError, TypeError):
        return response.reason_phrase


class ExactErrors(HttpErrorMap):
    """Exact's messages, and its minutely and daily limits instead of ``Retry-After``."""

    def message(self, response: httpx.Response) -> str:
        """Exact's ``error.message.value``."""
        return exact_message(response)

    def rate_limited(self, response: httpx.Response, where: str) -> ErrorResolution:
        """Pause until the daily reset when the day is spent, else wait for the minute's."""
        daily_left = response.headers.get("X-RateLimit-Remaining")
        if daily_left is not None and int(daily_left) <= 0:
            resume = reset_time(response.headers.get("X-RateLimit-Reset"))
            if resume is not None:
                return ErrorResolution(
                    Action.PAUSE,
                    ErrorKind.RATE_LIMITED,
                    "Exact's daily call limit is spent",
                    resume,
                )
        resume = reset_time(response.headers.get("X-RateLimit-Minutely-Reset"))
        if resume is None:
            resume = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=60)
        return ErrorResolution(Action.WAIT, ErrorKind.RATE_LIMITED, f"{where}: 429", resume)


resolve = ExactErrors()
"""What to do about one Exact response."""
