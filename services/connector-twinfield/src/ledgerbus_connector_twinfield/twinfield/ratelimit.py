"""Twinfield's fair use: credits per minute, counted by the connector.

Twinfield's fair-use policy (developers.twinfield.com, getting-started/fair-use-policy)
gives 1,000 credits a minute per IP address and per client id; a query costs 1 credit,
any other call 3. Queries are GET and OPTIONS, the deleted-transactions service, SOAP
actions starting with Get, Query, Search or Load, and ProcessXml requests whose root is
``list``, ``read``, ``columns``, ``accountcode`` or ``accountcodes``. Over the limit it
answers 429 with ``Retry-After``. Its responses announce no remaining budget, so the
connector counts the credits it spends (:class:`~ledgerbus_connectorkit.CreditBudget`)
and reports that count; the per-organisation bucket is not documented (UNCONFIRMED).
"""

from __future__ import annotations

import re

import httpx

from ledgerbus_connectorkit.budget import CreditBudget
from ledgerbus_servicekit import Clock

CREDITS_PER_MINUTE = 1000
QUERY, OTHER = 1, 3
_QUERY_ACTIONS = ("Get", "Query", "Search", "Load")
_QUERY_ROOTS = frozenset({"list", "read", "columns", "accountcode", "accountcodes"})
_XML_ROOT = re.compile(rb"xmlRequest>\s*(?:<!\[CDATA\[)?\s*(?:&lt;|<)\s*([A-Za-z]+)")


def credits_of(request: httpx.Request) -> int:
    """What one request costs under the fair-use policy."""
    if request.method in ("GET", "OPTIONS"):
        return QUERY
    if request.url.path.endswith("DeletedTransactionsService.svc"):
        return QUERY
    action = request.headers.get("SOAPAction", "").strip('"').rsplit("/", 1)[-1]
    if action.startswith(_QUERY_ACTIONS):
        return QUERY
    if action.startswith("ProcessXml"):
        root = _XML_ROOT.search(request.content)
        if root is not None and root.group(1).decode().lower() in _QUERY_ROOTS:
            return QUERY
    return OTHER


def twinfield_budget(clock: Clock) -> CreditBudget:
    """The fair-use budget of one client id, on the connector's clock."""
    return CreditBudget(clock, per_minute=CREDITS_PER_MINUTE, cost=credits_of, reserve=OTHER)
