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

from typing import ClassVar

import httpx
from lxml import etree

from ledgerbus_connectorkit import Action, ErrorResolution
from ledgerbus_connectorkit.client import ErrorHandler
from ledgerbus_connectorkit.http_errors import HttpErrorMap
from ledgerbus_contracts import ErrorKind
from ledgerbus_servicekit import Clock

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


class TwinfieldErrors(HttpErrorMap):
    """The kit's defaults with Twinfield's fault codes, messages and 30 s ``Retry-After``."""

    retry_after_default: ClassVar[int] = DEFAULT_RETRY_AFTER
    configuration_statuses: ClassVar[frozenset[int]] = frozenset()

    def where(self, response: httpx.Response) -> str:
        """The service path (the body holds the access token, the URL is the cluster's)."""
        return f"Twinfield {response.request.url.path}"

    def message(self, response: httpx.Response) -> str:
        """The fault's message."""
        return fault_detail(response)[1]

    def unauthorised(self, response: httpx.Response, where: str) -> ErrorResolution:
        """Token invalid (codes 354/103): one refresh."""
        return ErrorResolution(
            Action.REFRESH_AUTH, ErrorKind.AUTH, f"{where}: {self.message(response)}"
        )

    def classify(self, response: httpx.Response, where: str) -> ErrorResolution | None:
        """Deleted-transactions and access faults are configuration; sender faults bugs."""
        code, message = fault_detail(response)
        if b"DeletedTransactionsServiceFault" in response.content:
            return ErrorResolution(
                Action.FAIL, ErrorKind.CONFIGURATION, f"{where}: {message} (deleted transactions)"
            )
        if code in CONFIGURATION_CODES or response.status_code == 403:
            return ErrorResolution(
                Action.FAIL, ErrorKind.CONFIGURATION, f"{where}: {message} (code {code})"
            )
        if response.status_code == 500 and _sender_fault(response):
            return ErrorResolution(
                Action.FAIL, ErrorKind.BUG, f"{where}: request refused: {message}"
            )
        return None

    def transient(self, response: httpx.Response, where: str) -> ErrorResolution:
        """5xx (fault code 100 included) and 408: retry, with the fault's message."""
        said = f"{where}: {response.status_code} {self.message(response)}"
        return ErrorResolution(Action.RETRY, ErrorKind.TRANSIENT, said)


def resolve(response: httpx.Response, clock: Clock | None = None) -> ErrorResolution:
    """What to do about one Twinfield response."""
    return TwinfieldErrors(clock).resolve(response)


def resolver(clock: Clock) -> ErrorHandler:
    """The mapping on the connector's clock."""
    return TwinfieldErrors(clock)
