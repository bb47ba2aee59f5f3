"""The default error mapping of a package's HTTP responses; a package overrides what differs.

- 2xx succeed (a truncated or malformed 2xx body is retried by :class:`RestClient`);
- 401 gets one token refresh (then fails as an auth problem);
- 429 waits ``Retry-After`` seconds on the connector's clock
  (:attr:`HttpErrorMap.retry_after_default` when absent or not a number);
- 5xx and 408 are retried with backoff;
- 400, 403 and 404 fail as configuration problems (a wrong filter, missing scopes, an
  unknown resource), other 4xx as bugs, with the package's own message.

Messages name the method and the URL without its query string (which may hold secrets).
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

import httpx

from ledgerbus_connectorkit.auth import redact_url
from ledgerbus_connectorkit.errors import SUCCESS, Action, ErrorResolution
from ledgerbus_contracts import ErrorKind
from ledgerbus_servicekit import Clock, SystemClock


class HttpErrorMap:
    """Turns a response into an :class:`ErrorResolution`; an instance is an ``ErrorHandler``.

    Override :meth:`message` (the package's error body), :meth:`classify` (package
    specifics checked after 401 and 429) or any step, and the class attributes.
    """

    retry_after_default: ClassVar[int] = 60
    """Seconds a 429 waits when it carries no usable ``Retry-After``."""
    configuration_statuses: ClassVar[frozenset[int]] = frozenset({400, 403, 404})
    """The 4xx that fail as configuration problems; other 4xx fail as bugs."""

    def __init__(self, clock: Clock | None = None) -> None:
        self.clock = clock or SystemClock()

    def __call__(self, response: httpx.Response) -> ErrorResolution:
        return self.resolve(response)

    def resolve(self, response: httpx.Response) -> ErrorResolution:
        """What to do about one response."""
        status = response.status_code
        if status < 300:
            return SUCCESS
        where = self.where(response)
        if status == 401:
            return self.unauthorised(response, where)
        if status == 429:
            return self.rate_limited(response, where)
        special = self.classify(response, where)
        if special is not None:
            return special
        if status >= 500 or status == 408:
            return self.transient(response, where)
        return self.refused(response, where)

    def where(self, response: httpx.Response) -> str:
        """The call a message is about: method and URL without query."""
        return f"{response.request.method} {redact_url(response.request.url)}"

    def message(self, response: httpx.Response) -> str:
        """The package's explanation in an error body (default: the status text)."""
        return response.reason_phrase

    def classify(self, response: httpx.Response, where: str) -> ErrorResolution | None:
        """A package's own decision for a response that is no 401 or 429, or None."""
        return None

    def unauthorised(self, response: httpx.Response, where: str) -> ErrorResolution:
        """A 401: refresh the credentials once."""
        return ErrorResolution(Action.REFRESH_AUTH, ErrorKind.AUTH, f"{where}: unauthorised")

    def retry_after(self, response: httpx.Response) -> int:
        """Seconds to wait after a 429."""
        value = response.headers.get("Retry-After", "").strip()
        return int(value) if value.isdigit() else self.retry_after_default

    def rate_limited(self, response: httpx.Response, where: str) -> ErrorResolution:
        """A 429: wait ``Retry-After`` seconds."""
        resume = self.clock.now() + dt.timedelta(seconds=self.retry_after(response))
        return ErrorResolution(Action.WAIT, ErrorKind.RATE_LIMITED, f"{where}: 429", resume)

    def transient(self, response: httpx.Response, where: str) -> ErrorResolution:
        """A 5xx or 408: retry with backoff."""
        status = response.status_code
        return ErrorResolution(Action.RETRY, ErrorKind.TRANSIENT, f"{where}: {status}")

    def refused(self, response: httpx.Response, where: str) -> ErrorResolution:
        """Another 4xx: fail, as configuration or as a bug."""
        status = response.status_code
        kind = ErrorKind.CONFIGURATION if status in self.configuration_statuses else ErrorKind.BUG
        return ErrorResolution(Action.FAIL, kind, f"{where}: {status} {self.message(response)}")
