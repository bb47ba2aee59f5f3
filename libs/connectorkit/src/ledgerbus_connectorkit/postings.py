"""Postings into a package, exactly once, for every connector.

A package has no idempotency keys, and a timeout can hide a booking that was made. So
a posting is recorded (``posting_attempts``) before anything is sent, carries a
deterministic reference the package stores (:meth:`PostingWriter.reference`), and
after any uncertain outcome (a timeout, a transport error, a 5xx after sending, a
crash: a recorded attempt found on redelivery) the package is asked for that
reference before the posting is sent again. It is sent again only when the package
certainly has nothing. A refusal (the package's 4xx) fails the posting with the
package's message. When an attempt's outcome was uncertain and the lookup then fails for
good (the package stays away), the posting ends with error kind ``maybe_booked``
(:data:`MAYBE_BOOKED`): its message says it MAY be booked under the reference, to be
looked for in the package before it is posted again; it is not retried.

On success the connector requests a sync of the package's contacts and lines with
trigger ``posting`` (id ``posting-<posting id>``): the created records reach the
mirror at once, read and normalised as every sync reads them, so the next sync finds
them identical. Then ``PostingSucceeded`` names the records the package created.
"""

from __future__ import annotations

import hashlib
import json
import logging
from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from typing import Any

import asyncpg
import httpx

from ledgerbus_connectorkit.client import RestClient
from ledgerbus_connectorkit.connector import Connector
from ledgerbus_connectorkit.errors import SyncAborted
from ledgerbus_contracts import EntityType, ErrorKind, RequestSync, SyncMode, SyncTrigger, Topics
from ledgerbus_contracts.postings import (
    PostedRecord,
    PostEntries,
    PostingError,
    PostingFailed,
    PostingSucceeded,
)
from ledgerbus_servicekit import Clock, Delivery, EventPublisher

log = logging.getLogger(__name__)
POSTED_TYPES = (EntityType.CONTACT, EntityType.TRANSACTION_LINE)
MAYBE_BOOKED = "maybe_booked"
"""The error kind of a posting whose outcome stayed uncertain: it MAY be booked (its
message names the reference to look for), so it is neither retried nor plainly failed."""


def posting_reference(posting_id: str) -> str:
    """The deterministic reference of a posting: ``LB`` and 12 hex digits of the posting
    id's SHA-256 (short enough for every package's reference field)."""
    return "LB" + hashlib.sha256(posting_id.encode()).hexdigest()[:12].upper()


def posted(line_ids: Iterable[str], relation_id: str | None = None) -> tuple[PostedRecord, ...]:
    """What a booking created: its relation (when it has one) and its lines, by the
    package's ids."""
    lines = [PostedRecord(entity_type=EntityType.TRANSACTION_LINE, source_id=i) for i in line_ids]
    if relation_id is None:
        return tuple(lines)
    return (PostedRecord(entity_type=EntityType.CONTACT, source_id=relation_id), *lines)


class PackageRefused(Exception):
    """The package certainly did not book the posting, and says why."""


class UncertainOutcome(Exception):
    """The package may or may not have booked the posting (look it up before retrying)."""


class PostingWriter(ABC):
    """How one package books a posting and finds it again by its reference."""

    def reference(self, command: PostEntries) -> str:
        """The deterministic reference the package stores (:func:`posting_reference`)."""
        return posting_reference(command.posting_id)

    @abstractmethod
    async def find(
        self, client: RestClient, command: PostEntries, reference: str
    ) -> tuple[PostedRecord, ...] | None:
        """The records the package holds under the reference, or None when it has none
        (``command.external_id`` is the session's package administration, here and in
        :meth:`write`)."""

    @abstractmethod
    async def write(
        self, client: RestClient, command: PostEntries, reference: str
    ) -> tuple[PostedRecord, ...]:
        """Book the posting; raise :class:`PackageRefused` or :class:`UncertainOutcome`."""


async def send_once(
    client: RestClient, what: str, call: Callable[[dict[str, str]], Awaitable[httpx.Response]]
) -> httpx.Response:
    """One write through the client's budget and credentials (a 401 renews them once):
    ``call`` sends it with the authenticator's headers; ``what`` names it in errors.

    A transport failure (a timeout included) is :class:`UncertainOutcome`; so is a 5xx or
    408. The caller judges every other answer.
    """
    for attempt in range(2):
        await client.budget.before_request()
        headers = await client.authenticator.headers()
        try:
            response = await call(headers)
        except httpx.TransportError as exc:
            raise UncertainOutcome(f"{type(exc).__name__} on {what}") from exc
        client.budget.observe(response)
        if response.status_code == 401 and attempt == 0:
            await client.authenticator.refresh()
            continue
        if response.status_code >= 500 or response.status_code == 408:
            raise UncertainOutcome(f"{what}: {response.status_code}")
        return response
    return response


async def send_json(client: RestClient, method: str, url: str, body: Any) -> httpx.Response:
    """One JSON write (:func:`send_once`)."""

    async def call(headers: dict[str, str]) -> httpx.Response:
        return await client.http.request(
            method, url, json=body, headers={"Accept": "application/json", **headers}
        )

    return await send_once(client, f"{method} {url}", call)


def request_for(command: PostEntries, last: Mapping[str, Any] | None) -> RequestSync:
    """The sync request that opens a session for the posting, and registers its records:
    the connection and package administration of the command, else of the last sync."""
    external = command.external_id or (last or {}).get("external_id")
    connection = command.connection_id or (last or {}).get("connection_id")
    if external is None:
        raise SyncAborted(
            ErrorKind.CONFIGURATION,
            f"administration {command.administration_id} has no sync to take its"
            " package administration from",
        )
    return RequestSync(
        administration_id=command.administration_id,
        sync_id=f"posting-{command.posting_id}",
        tenant_id=command.tenant_id,
        package=command.package,
        external_id=str(external),
        connection_id=connection,
        mode=SyncMode.INCREMENTAL,
        trigger=SyncTrigger.POSTING,
        entity_types=POSTED_TYPES,
        requested_at=command.requested_at,
    )


class PostingConsumer:
    """A consumer handler of ``postings``: books this package's postings exactly once."""

    def __init__(
        self,
        connector: Connector,
        writer: PostingWriter,
        pool: asyncpg.Pool,
        publisher: EventPublisher,
        clock: Clock,
        topics: Topics,
        *,
        max_attempts: int = 5,
        retry_seconds: float = 1.0,
    ) -> None:
        self.connector, self.writer, self.pool = connector, writer, pool
        self.publisher, self.clock, self.topics = publisher, clock, topics
        self.max_attempts, self.retry_seconds = max_attempts, retry_seconds

    async def __call__(self, batch: Sequence[Delivery]) -> None:
        for delivery in batch:
            command = delivery.message
            if isinstance(command, PostEntries) and command.package == self.connector.package:
                await self.post(command)

    async def post(self, command: PostEntries) -> None:
        """Book one posting (a redelivery republishes the recorded outcome)."""
        reference = self.writer.reference(command)
        row = await self.pool.fetchrow(
            "INSERT INTO posting_attempts (posting_id, administration_id, reference)"
            " VALUES ($1, $2, $3) ON CONFLICT (posting_id) DO UPDATE SET updated_at = now()"
            " RETURNING state, outcome, attempts",
            command.posting_id,
            command.administration_id,
            reference,
        )
        assert row is not None
        if row["state"] != "sending":
            await self._announce(command, json.loads(row["outcome"]))
            return
        uncertain = row["attempts"] > 0  # an earlier attempt may have booked it
        try:
            outcome = await self._book(command, reference, uncertain)
        except SyncAborted as exc:
            outcome = self._failure(command, str(exc.kind), exc.message)
        await self.pool.execute(
            "UPDATE posting_attempts SET state = $2, outcome = $3, updated_at = now()"
            " WHERE posting_id = $1",
            command.posting_id,
            "succeeded" if outcome["succeeded"] else "failed",
            json.dumps(outcome),
        )
        await self._announce(command, outcome)

    async def _book(self, command: PostEntries, reference: str, uncertain: bool) -> dict[str, Any]:
        last = await self.pool.fetchval(
            "SELECT request FROM sync_jobs WHERE administration_id = $1"
            " ORDER BY created_at DESC LIMIT 1",
            command.administration_id,
        )
        request = request_for(command, json.loads(last) if last else None)
        # The writer books into the package administration of the session.
        command = command.model_copy(
            update={"external_id": request.external_id, "connection_id": request.connection_id}
        )
        doubt = [uncertain]  # whether an attempt so far may have booked it
        try:
            async with self.connector.session(request) as client:
                return await self._attempts(client, command, request, reference, doubt)
        except SyncAborted as exc:
            if not doubt[0]:
                raise
            return self._maybe_booked(reference, exc.message)

    async def _attempts(
        self,
        client: RestClient,
        command: PostEntries,
        request: RequestSync,
        reference: str,
        doubt: list[bool],
    ) -> dict[str, Any]:
        for attempt in range(1, self.max_attempts + 1):
            if doubt[0]:
                found = await self.writer.find(client, command, reference)
                if found is not None:
                    return self._success(request, reference, found)
            await self.pool.execute(
                "UPDATE posting_attempts SET attempts = attempts + 1 WHERE posting_id = $1",
                command.posting_id,
            )
            try:
                created = await self.writer.write(client, command, reference)
            except PackageRefused as exc:
                return self._failure(command, "refused", str(exc))
            except UncertainOutcome as exc:
                log.warning("posting %s uncertain: %s", command.posting_id, exc)
                doubt[0] = True
                await self.clock.sleep(self.retry_seconds * attempt)
                continue
            return self._success(request, reference, created)
        found = await self.writer.find(client, command, reference)
        if found is not None:
            return self._success(request, reference, found)
        return self._failure(
            command, "transient", f"the package did not answer after {self.max_attempts} attempts"
        )

    @staticmethod
    def _maybe_booked(reference: str, why: str) -> dict[str, Any]:
        """An attempt may have booked the posting and the package could not be asked."""
        message = (
            f"the posting MAY be booked in the package under reference {reference}: an"
            f" attempt's outcome was uncertain and looking it up failed ({why}); look for"
            f" {reference} in the package before posting it again"
        )
        return {"succeeded": False, "error": {"kind": MAYBE_BOOKED, "message": message[:1000]}}

    @staticmethod
    def _success(
        request: RequestSync, reference: str, created: tuple[PostedRecord, ...]
    ) -> dict[str, Any]:
        return {
            "succeeded": True,
            "reference": reference,
            "created": [r.model_dump(mode="json") for r in created],
            "request": request.model_dump(mode="json"),
        }

    @staticmethod
    def _failure(command: PostEntries, kind: str, message: str) -> dict[str, Any]:
        return {"succeeded": False, "error": {"kind": kind, "message": message[:1000]}}

    async def _announce(self, command: PostEntries, outcome: dict[str, Any]) -> None:
        now = self.clock.now()
        common = {
            "administration_id": command.administration_id,
            "posting_id": command.posting_id,
            "tenant_id": command.tenant_id,
            "package": command.package,
            "at": now,
        }
        if not outcome["succeeded"]:
            error = PostingError.model_validate(outcome["error"])
            await self.publisher.publish(PostingFailed(**common, error=error))
            return
        request = RequestSync.model_validate(outcome["request"])
        await self.publisher.publish(request)
        await self.publisher.publish(
            PostingSucceeded(
                **common,
                reference=outcome["reference"],
                created=tuple(PostedRecord.model_validate(r) for r in outcome["created"]),
                sync_id=request.sync_id,
            )
        )


async def start_postings(
    runtime: Any,
    connector: Connector,
    writer: PostingWriter,
    *,
    pool: asyncpg.Pool,
    publisher: EventPublisher,
    clock: Clock,
) -> PostingConsumer:
    """Consume the package's ``PostEntries`` from ``postings`` (group ``<package>-postings``)."""
    handler = PostingConsumer(connector, writer, pool, publisher, clock, runtime.settings.topics)
    await runtime.consumer(
        name=f"connector-{connector.package}-postings",
        topics=[runtime.settings.topics.postings],
        handler=handler,
    )
    return handler
