"""Twinfield's responses as error resolutions.

401 (token invalid, code 354/103) gets one token refresh; 429 waits ``Retry-After``
seconds on the connector's clock (30 s when the header is absent or not a number);
SOAP faults with code 100 (unexpected) and other 5xx are retried, except faults that
blame the request (``soap:Client``/``Sender``: bugs) and deleted-transactions service
faults (configuration); a missing or
wrong office (101, 108), the other access codes (104-106, 359) and 403 fail as
configuration problems; other 4xx fail as bugs. Messages carry Twinfield's fault
message and code, never the request body (which holds the access token).
"""

from __future__ import annotations

import datetime as dt

import httpx
from lxml import etree

from ledgerbus_connectorkit import Action, ErrorResolution
from ledgerbus_connectorkit.client import ErrorHandler
from ledgerbus_connectorkit.errors import SUCCESS
from ledgerbus_contracts import ErrorKind
from ledgerbus_servicekit import Clock, SystemClock

CONFIGURATION_CODES = frozenset({"101", "104", "105", "106", "108", "359"})
DEFAULT_RETRY_AFTER = 30
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)


def fault_detail(response: httpx.Response) -> tuple[str, str]:
    """(code, message) of a SOAP fault; ("", reason phrase) when the body is no XML."""
    try:
        root = etree.fromstring(response.content, parser=_PARSER)
    except etree.XMLSyntaxError:
        return "", response.reason_phrase
    message = root.findtext(".//detail/message") or root.findtext(".//faultstring") or ""
    return root.findtext(".//detail/code") or "", message[:300]


def _sender_fault(response: httpx.Response) -> bool:
    """A fault that blames the request (SOAP 1.1 ``Client``, 1.2 ``Sender``): no retry helps."""
    try:
        root = etree.fromstring(response.content, parser=_PARSER)
    except etree.XMLSyntaxError:
        return False
    code = root.findtext(".//faultcode") or root.findtext(
        ".//{http://www.w3.org/2003/05/soap-envelope}Value"
    )
    return (code or "").split(":")[-1] in ("Client", "Sender")


def retry_after(response: httpx.Response) -> int:
    """Seconds to wait after a 429."""
    value = response.headers.get("Retry-After", "")
    return int(value) if value.isdigit() else DEFAULT_RETRY_AFTER


def resolve(response: httpx.Response, clock: Clock | None = None) -> ErrorResolution:
    """What to do about one Twinfield response."""
    status = response.status_code
    if status < 300:
        return SUCCESS
    code, message = fault_detail(response)
    where = f"Twinfield {response.request.url.path}"
    if status == 401:
        return ErrorResolution(Action.REFRESH_AUTH, ErrorKind.AUTH, f"{where}: {message}")
    if status == 429:
        now = (clock or SystemClock()).now()
        resume = now + dt.timedelta(seconds=retry_after(response))
        return ErrorResolution(Action.WAIT, ErrorKind.RATE_LIMITED, f"{where}: 429", resume)
    if b"DeletedTransactionsServiceFault" in response.content:
        return ErrorResolution(
            Action.FAIL, ErrorKind.CONFIGURATION, f"{where}: {message} (deleted transactions)"
        )
    if code in CONFIGURATION_CODES or status == 403:
        return ErrorResolution(
            Action.FAIL, ErrorKind.CONFIGURATION, f"{where}: {message} (code {code})"
        )
    if status == 500 and _sender_fault(response):
        return ErrorResolution(Action.FAIL, ErrorKind.BUG, f"{where}: request refused: {message}")
    if status >= 500 or status == 408:
        return ErrorResolution(Action.RETRY, ErrorKind.TRANSIENT, f"{where}: {status} {message}")
    return ErrorResolution(Action.FAIL, ErrorKind.BUG, f"{where}: {status} {message}")


def resolver(clock: Clock) -> ErrorHandler:
    """``resolve`` on the connector's clock."""

    def handle(response: httpx.Response) -> ErrorResolution:
        return resolve(response, clock)

    return handle
