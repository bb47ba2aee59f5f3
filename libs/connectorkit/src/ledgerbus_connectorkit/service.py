"""The wiring every connector service shares: queue requests, run jobs, report status."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

import asyncpg

from ledgerbus_connectorkit.connector import Connector
from ledgerbus_connectorkit.jobs import JobStore
from ledgerbus_connectorkit.ownership import ConnectionGuard
from ledgerbus_connectorkit.runner import SyncRunner
from ledgerbus_connectorkit.worker import JobWorker
from ledgerbus_contracts import RequestSync
from ledgerbus_servicekit import Clock, Delivery, EventPublisher, Runtime
from ledgerbus_servicekit.db import migrations_in
from ledgerbus_servicekit.telemetry import consumer_span, current_traceparent, sync_attributes

log = logging.getLogger(__name__)


def connector_migrations(package: str) -> list[tuple[str, str]]:
    """The toolkit's migrations followed by the connector's own."""
    return migrations_in("ledgerbus_connectorkit") + migrations_in(package)


@dataclass
class ConnectorRuntime:
    """What a running connector service holds."""

    pool: asyncpg.Pool
    publisher: EventPublisher
    store: JobStore
    worker: JobWorker


async def start_connector(
    runtime: Runtime,
    connector: Connector,
    *,
    pool: asyncpg.Pool,
    clock: Clock,
    concurrency: int,
    start_worker: bool = True,
    lease_seconds: float = 120.0,
) -> ConnectorRuntime:
    """Start the publisher, the job worker and the consumer of this package's sync requests.

    Every request is checked when it runs (:class:`ConnectionGuard`): a request whose
    tenant, connection and administration disagree fails with the reason.
    """
    publisher = await runtime.publisher()
    store = JobStore(
        pool,
        owner=f"{runtime.settings.service_name}-{uuid.uuid4().hex[:8]}",
        lease_seconds=lease_seconds,
    )
    runner = SyncRunner(connector, store, publisher, clock, guard=ConnectionGuard(pool))
    worker = JobWorker(store, runner, clock, concurrency=concurrency)

    async def enqueue(batch: Sequence[Delivery]) -> None:
        for delivery in batch:
            request = delivery.message
            if not isinstance(request, RequestSync) or request.package != connector.package:
                continue
            with consumer_span(
                f"queue sync {request.sync_id}",
                delivery.envelope.traceparent,
                delivery,
                sync_id=request.sync_id,
                **sync_attributes(request),
            ):
                if await store.enqueue(request, current_traceparent()):
                    log.info("queued sync %s of %s", request.sync_id, request.administration_id)
        worker.wake()

    await runtime.consumer(
        name=f"connector-{connector.package}",
        topics=[runtime.settings.topics.sync_requests],
        handler=enqueue,
    )
    if start_worker:
        await worker.start()
        runtime.add_stop(worker.stop)
    return ConnectorRuntime(pool, publisher, store, worker)
