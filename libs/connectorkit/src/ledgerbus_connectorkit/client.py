"""An HTTP client that acts on error resolutions: retry, refresh, wait, pause or fail."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any

import httpx
from opentelemetry import trace
from pydantic_core import from_json

from ledgerbus_connectorkit.auth import Authenticator, redact_url
from ledgerbus_connectorkit.backoff import BackoffStrategy, ExponentialBackoff
from ledgerbus_connectorkit.budget import RateBudget, UnlimitedBudget
from ledgerbus_connectorkit.errors import Action, ErrorResolution, SyncAborted, SyncPausedUntil
from ledgerbus_contracts import ErrorKind
from ledgerbus_servicekit.clock import Clock, SystemClock
from ledgerbus_servicekit.instrumentation import http_resends
from ledgerbus_servicekit.metrics import (
    count_package_call,
    count_rate_limit_stop,
    count_token_refresh,
)

log = logging.getLogger(__name__)
_tracer = trace.get_tracer("ledgerbus.connector.http")

ErrorHandler = Callable[[httpx.Response], ErrorResolution]


class RestClient:
    """GETs JSON from a package API through its authenticator, budget and error handler.

    Transport failures and malformed bodies are transient: retried with backoff up to
    ``max_retries`` times. Everything else is what the error handler decides.
    """

    def __init__(
        self,
        *,
        http: httpx.AsyncClient,
        authenticator: Authenticator,
        error_handler: ErrorHandler,
        budget: RateBudget | None = None,
        backoff: BackoffStrategy | None = None,
        clock: Clock | None = None,
        max_retries: int = 5,
    ) -> None:
        self.http = http
        self.authenticator = authenticator
        self.error_handler = error_handler
        self.budget = budget or UnlimitedBudget()
        self.backoff = backoff or ExponentialBackoff()
        self.clock = clock or SystemClock()
        self.max_retries = max_retries

    async def get_json(self, url: str, params: Mapping[str, str] | None = None) -> Any:
        """The decoded JSON body of a successful GET."""
        attempt, refreshed, resends = 0, False, 0
        while True:
            with http_resends(resends):
                resolution, body = await self._attempt(url, params)
            resends += 1
            if resolution.action is Action.SUCCEED:
                return body
            if resolution.action is Action.RETRY:
                attempt += 1
                if attempt > self.max_retries:
                    raise SyncAborted(
                        resolution.kind or ErrorKind.TRANSIENT,
                        f"{resolution.message} (gave up after {self.max_retries} retries)",
                    )
                await self.clock.sleep(self.backoff.delay(attempt))
            elif resolution.action is Action.REFRESH_AUTH and not refreshed:
                refreshed = True
                count_token_refresh()
                await self.authenticator.refresh()
            elif resolution.action is Action.WAIT and resolution.wait_until is not None:
                delay = (resolution.wait_until - self.clock.now()).total_seconds()
                log.warning("rate limited; waiting %.1fs: %s", delay, resolution.message)
                count_rate_limit_stop("wait")
                await self.clock.sleep(max(delay, 0.0))
            elif resolution.action is Action.PAUSE and resolution.wait_until is not None:
                raise SyncPausedUntil(resolution.wait_until, resolution.message)
            else:
                raise SyncAborted(resolution.kind or ErrorKind.BUG, resolution.message)

    async def send(
        self, url: str, params: Mapping[str, str] | None, headers: dict[str, str]
    ) -> httpx.Response:
        """One HTTP exchange; a package with another transport (SOAP) overrides it."""
        return await self.http.get(
            url, params=params, headers={"Accept": "application/json", **headers}
        )

    def decode(self, response: httpx.Response) -> Any:
        """The body of a successful response (raise ValueError when it is malformed)."""
        return from_json(response.content)

    def describe(self, url: str, params: Mapping[str, str] | None) -> str:
        """The span name of a call (never with a query string, which may hold secrets)."""
        return "GET " + redact_url(url)

    async def _attempt(
        self, url: str, params: Mapping[str, str] | None
    ) -> tuple[ErrorResolution, Any]:
        await self.budget.before_request()
        headers = await self.authenticator.headers()
        name = self.describe(url, params)
        with _tracer.start_as_current_span(name) as span:
            try:
                response = await self.send(url, params, headers)
            except httpx.TransportError as exc:
                span.set_attribute("error.type", type(exc).__name__)
                count_package_call(url, "transport_error")
                return _transient(f"{type(exc).__name__} calling {name}"), None
            span.set_attribute("http.response.status_code", response.status_code)
        count_package_call(url, response.status_code)
        self.budget.observe(response)
        resolution = self.error_handler(response)
        if resolution.action is not Action.SUCCEED:
            return resolution, None
        try:
            return resolution, self.decode(response)
        except ValueError:
            return _transient(f"a malformed body from {name}"), None


def _transient(message: str) -> ErrorResolution:
    return ErrorResolution(Action.RETRY, ErrorKind.TRANSIENT, message)
