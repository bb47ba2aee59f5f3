"""The notifier service: wiring happens here and only here."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from ledgerbus_notifier.adapters.smtp import SmtpSender
from ledgerbus_notifier.api.routes import ROUTERS
from ledgerbus_notifier.core.config import Settings
from ledgerbus_notifier.delivery import DeliveryWorker, Sender
from ledgerbus_notifier.entrypoints.consumer import notification_handler
from ledgerbus_servicekit import Clock, Runtime, SystemClock
from ledgerbus_servicekit.app import create_service_app
from ledgerbus_servicekit.db import migrations_in


def create_app(
    settings: Settings | None = None, clock: Clock | None = None, sender: Sender | None = None
) -> FastAPI:
    """The notifier: recipients API, the consumer that queues mail, the delivery worker."""
    settings = settings or Settings()
    clock = clock or SystemClock()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        runtime = Runtime(settings)
        app.state.readiness_checks = runtime.readiness_checks
        app.state.clock = clock
        try:
            await runtime.ensure_topics()
            pool = await runtime.database(migrations_in("ledgerbus_notifier"))
            app.state.pool = pool
            worker = DeliveryWorker(pool, clock, settings, sender or SmtpSender(settings))
            app.state.delivery = worker
            await worker.start()
            runtime.add_stop(worker.stop)
            await runtime.consumer(
                name="notifier",
                topics=[
                    settings.topics.sync_status,
                    settings.topics.dossier_updates,
                    settings.topics.posting_status,
                ],
                handler=notification_handler(pool, clock, settings, worker.wake),
            )
            yield
        finally:
            await runtime.stop()

    return create_service_app(
        title="ledgerbus notifier",
        settings=settings,
        lifespan=lifespan,
        routers=ROUTERS,
        outboxes={
            "notifier": "SELECT count(*) FROM notifications WHERE state IN ('pending', 'sending')"
        },
    )
