"""Who owns a connection: the scheduler asks the package's connector, with the caller's token.

An administration names a connection (``connection_id``) of its package's connector,
and must belong to the connection's tenant, or its syncs would read another tenant's
books. The connector is where connections live, so it is the one to ask:
``GET /v1/connections/{id}`` with the caller's own ``Authorization`` header, when an
administration is registered or its tenant or connection changes.

Why ask rather than keep a copy (connections announced on Kafka, a table here):

- one source of truth: a connection created, re-assigned or re-authorised a moment ago
  counts at once; a copy fed by events lags, so registering right after connecting
  would fail at random, and a missed or reordered event would leave a wrong owner;
- the caller's token, not the scheduler's: the connector applies its own tenant check
  (a tenant token gets 404 for another tenant's connection), so the scheduler never
  acts with more rights than its caller; for the operator the answer's ``tenant_id``
  must equal the administration's;
- no new contract, topic or consumer to keep in step.

The failure mode is a dependency at registration time only: a connector that cannot be
reached or answers 5xx makes the registration fail with 503 (fail closed: nothing is
registered without the check), and the caller retries. Nightly scheduling and manual
syncs do not ask; the connector checks every request again before it runs it
(``ledgerbus_connectorkit.ownership.ConnectionGuard``), so an administration whose
connection changes hands later is refused there, with a failed sync that says why.

A bulk import (``POST /v1/connections/{id}/imports``) asks the same way, after the
owner check, which administrations the connection reaches:
``GET /v1/connections/{id}/administrations`` (each connector lists them: ``code``,
``name``).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

import httpx
from fastapi import HTTPException, status

from ledgerbus_contracts import Package

log = logging.getLogger(__name__)


class ConnectionOwners:
    """Asks the connectors (one HTTP client per package) who owns a connection."""

    def __init__(self, clients: Mapping[Package, httpx.AsyncClient]) -> None:
        self.clients = clients

    async def _ask(
        self, package: Package, connection_id: str, path: str, authorization: str, what: str
    ) -> httpx.Response:
        """GET ``path`` of the package's connector with the caller's token; 503 when the
        connector is not configured, cannot be reached or answers 5xx (but 501 and 502,
        which say what the package cannot do)."""
        client = self.clients.get(package)
        if client is None:
            raise HTTPException(
                status.HTTP_503_SERVICE_UNAVAILABLE,
                f"no connector-{package} is configured to {what} {connection_id!r}",
            )
        try:
            response = await client.get(path, headers={"Authorization": authorization})
        except httpx.HTTPError as exc:
            log.warning("connector-%s could not be asked about a connection: %r", package, exc)
            raise HTTPException(
                status.HTTP_503_SERVICE_UNAVAILABLE,
                f"connector-{package} cannot be reached to {what} {connection_id!r}; try again",
            ) from exc
        if response.status_code in (200, 404, 422, 501, 502):
            return response
        code = response.status_code
        log.warning("connector-%s answered %s about a connection", package, code)
        raise HTTPException(
            status.HTTP_503_SERVICE_UNAVAILABLE,
            f"connector-{package} could not {what} {connection_id!r}"
            f" (it answered {response.status_code}); try again",
        )

    async def require(
        self, package: Package, connection_id: str, tenant_id: str, authorization: str
    ) -> None:
        """Return when ``connection_id`` is a ``package`` connection of ``tenant_id``.

        422 naming the problem when it is not (or the caller may not see it: the answer
        does not tell another tenant's connection from none); 503 when the connector
        cannot answer.
        """
        path = f"/v1/connections/{connection_id}"
        response = await self._ask(package, connection_id, path, authorization, "check connection")
        if response.status_code == 200:
            owner = response.json().get("tenant_id")
        elif response.status_code in (404, 422):
            owner = None
        else:
            raise _unavailable(package, connection_id, response.status_code)
        if owner != tenant_id:
            raise HTTPException(
                422,
                f"connection_id {connection_id!r} is not a connection of tenant {tenant_id!r}"
                f" in connector-{package}",
            )

    async def reachable(
        self, package: Package, connection_id: str, authorization: str
    ) -> dict[str, str]:
        """The administrations the connection reaches, external id -> the package's name.

        Ask after :meth:`require`: any answer but 200 then means the package refused or
        the connector cannot list them (502 naming the problem); 503 as :meth:`require`.
        """
        path = f"/v1/connections/{connection_id}/administrations"
        what = "list the administrations of connection"
        response = await self._ask(package, connection_id, path, authorization, what)
        if response.status_code != 200:
            raise HTTPException(
                status.HTTP_502_BAD_GATEWAY,
                f"connector-{package} cannot list the administrations of connection"
                f" {connection_id!r}: {_message(response)}",
            )
        return {str(a["code"]): str(a.get("name") or "") for a in response.json()}


def _unavailable(package: Package, connection_id: str, code: int) -> HTTPException:
    return HTTPException(
        status.HTTP_503_SERVICE_UNAVAILABLE,
        f"connector-{package} could not check connection {connection_id!r}"
        f" (it answered {code}); try again",
    )


def _message(response: httpx.Response) -> str:
    """The first ``msg`` of an error answer in the shared shape, else its status."""
    try:
        detail = response.json()["detail"]
        return str(detail[0]["msg"] if isinstance(detail, list) else detail)
    except (ValueError, KeyError, IndexError, TypeError):
        return f"it answered {response.status_code}"


def connector_clients(
    urls: Mapping[str, str], transports: Mapping[Package, httpx.AsyncBaseTransport] | None = None
) -> dict[Package, httpx.AsyncClient]:
    """One client per package: to its URL, or over a given transport (tests run apps in-process)."""
    clients: dict[Package, httpx.AsyncClient] = {}
    for package in Package.declared():
        transport = (transports or {}).get(package)
        if transport is not None:
            clients[package] = httpx.AsyncClient(
                transport=transport, base_url="http://connector", timeout=10
            )
        elif str(package) in urls:
            clients[package] = httpx.AsyncClient(base_url=urls[str(package)], timeout=10)
    return clients
