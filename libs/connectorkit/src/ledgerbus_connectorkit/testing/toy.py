"""A toy accounting package for the toolkit's own tests: a real HTTP API and its connector.

The API serves GL accounts in pages of ``page_size`` with a ``next`` link, filters by
``version > since`` for incremental reads, and can hold a page until the test lets
it go (to kill a sync at a known point) or fail a request with a given status.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any, ClassVar

import httpx
from fastapi import FastAPI, Response

from ledgerbus_connectorkit import (
    Action,
    Connector,
    ConstantBackoff,
    ErrorResolution,
    PageRequest,
    RestClient,
    Stream,
    StreamContext,
)
from ledgerbus_connectorkit.auth import NoAuth
from ledgerbus_contracts import EntityType, ErrorKind, Package, RequestSync
from ledgerbus_contracts.entities import GlAccount
from ledgerbus_servicekit import Clock


@dataclass
class ToyPackage:
    """The package's state, which tests change directly."""

    accounts: dict[str, dict[str, Any]] = field(default_factory=dict)
    page_size: int = 10
    requests: list[str] = field(default_factory=list)
    held_page: int | None = None
    page_requested: asyncio.Event = field(default_factory=asyncio.Event)
    release: asyncio.Event = field(default_factory=asyncio.Event)
    failures: list[int] = field(default_factory=list)

    def put(self, source_id: str, name: str) -> None:
        version = 1 + max((a["version"] for a in self.accounts.values()), default=0)
        self.accounts[source_id] = {
            "id": source_id,
            "code": source_id,
            "name": name,
            "version": version,
        }


def toy_app(package: ToyPackage) -> FastAPI:
    """The package's HTTP API."""
    app = FastAPI()

    @app.get("/{division}/accounts")
    async def accounts(division: str, page: int = 0, since: int = 0) -> Any:
        package.requests.append(f"page={page} since={since}")
        if package.failures:
            return Response(status_code=package.failures.pop(0))
        if page == package.held_page:
            package.page_requested.set()
            await package.release.wait()
        rows = sorted(
            (a for a in package.accounts.values() if a["version"] > since),
            key=lambda a: a["version"],
        )
        chunk = rows[page * package.page_size : (page + 1) * package.page_size]
        more = (page + 1) * package.page_size < len(rows)
        next_url = f"/{division}/accounts?page={page + 1}&since={since}" if more else None
        return {"items": chunk, "next": next_url, "total": len(rows)}

    return app


def resolve(response: httpx.Response) -> ErrorResolution:
    """The toy package's error resolution: 5xx retry, 4xx fail."""
    if response.is_success:
        return ErrorResolution(Action.SUCCEED)
    if response.status_code >= 500:
        return ErrorResolution(Action.RETRY, ErrorKind.TRANSIENT, f"{response.status_code}")
    return ErrorResolution(
        Action.FAIL, ErrorKind.CONFIGURATION, f"the toy API refused: {response.status_code}"
    )


class ToyAccounts(Stream):
    entity_type: ClassVar[EntityType] = EntityType.GL_ACCOUNT
    path: ClassVar[str] = "accounts"
    primary_key: ClassVar[str] = "id"
    cursor_field: ClassVar[str | None] = "version"

    def first_page(self, context: StreamContext) -> PageRequest:
        return PageRequest(
            f"/{context.external_id}/accounts", {"page": "0", "since": context.cursor or "0"}
        )

    def records(self, payload: Any) -> list[dict[str, Any]]:
        return list(payload["items"])

    def next_page(self, payload: Any, current: PageRequest) -> PageRequest | None:
        return PageRequest(payload["next"]) if payload["next"] else None

    def expected_total(self, payload: Any) -> int | None:
        return int(payload["total"])

    def to_entity(self, raw: dict[str, Any], administration_id: str) -> GlAccount:
        return GlAccount(
            administration_id=administration_id,
            source_id=raw["id"],
            source_version=raw["version"],
            code=raw["code"],
            name=raw["name"],
            account_type="balance",
            raw=raw,
        )


class ToyConnector(Connector):
    """Plays SnelStart's role in the capability matrix; reads only GL accounts."""

    package: ClassVar[Package] = Package.SNELSTART

    def __init__(
        self, base_url: str, clock: Clock, reachable_divisions: set[str] | None = None
    ) -> None:
        self.base_url = base_url
        self.clock = clock
        self.reachable_divisions = reachable_divisions

    async def reachable(self, client: RestClient, request: RequestSync) -> bool | None:
        """Whether the division is among ``reachable_divisions`` (None: not known)."""
        if self.reachable_divisions is None:
            return None
        return request.external_id in self.reachable_divisions

    def streams(self) -> list[Stream]:
        return [ToyAccounts()]

    @contextlib.asynccontextmanager
    async def session(self, request: RequestSync) -> AsyncIterator[RestClient]:
        async with httpx.AsyncClient(base_url=self.base_url) as http:
            yield RestClient(
                http=http,
                authenticator=NoAuth(),
                error_handler=resolve,
                backoff=ConstantBackoff(0.0),
                clock=self.clock,
                max_retries=2,
            )
