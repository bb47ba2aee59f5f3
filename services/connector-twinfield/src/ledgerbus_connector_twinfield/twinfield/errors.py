"""Twinfield's responses as error resolutions.

401 (token invalid, code 354/103) gets one token refresh; 429 waits ``Retry-After``;
SOAP faults with code 100 (unexpected) and other 5xx are retried; a missing or
wrong office (101, 108) and 403 fail as configuration problems.
"""

from __future__ import annotations

import datetime as dt

import httpx
from lxml import etree

from ledgerbus_connectorkit import Action, ErrorResolution
from ledgerbus_connectorkit.errors import SUCCESS
from ledgerbus_contracts import ErrorKind

_CONFIGURATION_CODES = {"101", "104", "105", "106", "108", "359"}


def fault_detail(response: httpx.Response) -> tuple[str, str]:
    """(code, message) of a SOAP fault, or empty strings."""
    try:
        root = etree.fromstring(response.content, parser=etree.XMLParser(resolve_entities=False))
    except etree.XMLSyntaxError:
        return "", response.reason_phrase
    return root.findtext(".//detail/code") or "", root.findtext(".//detail/message") or ""


def resolve(response: httpx.Response) -> ErrorResolution:
    status = response.status_code
    if status < 300:
        return SUCCESS
    code, message = fault_detail(response)
    where = f"Twinfield {response.request.url.path}"
    if status == 401:
        return ErrorResolution(Action.REFRESH_AUTH, ErrorKind.AUTH, f"{where}: {message}")
    if status == 429:
        seconds = int(response.headers.get("Retry-After", "30"))
        resume = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=seconds)
        return ErrorResolution(Action.WAIT, ErrorKind.RATE_LIMITED, f"{where}: 429", resume)
    if code in _CONFIGURATION_CODES or status == 403:
        return ErrorResolution(
            Action.FAIL, ErrorKind.CONFIGURATION, f"{where}: {message} (code {code})"
        )
    if status >= 500:
        return ErrorResolution(Action.RETRY, ErrorKind.TRANSIENT, f"{where}: {status} {message}")
    return ErrorResolution(Action.FAIL, ErrorKind.BUG, f"{where}: {status} {message}")
