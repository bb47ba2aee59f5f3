"""The FastAPI application shape every service shares, and how to serve it."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager

import uvicorn
from fastapi import APIRouter, FastAPI, Request, Response
from fastapi.routing import APIRoute
from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor

from ledgerbus_servicekit.edge import RejectNulCharacters
from ledgerbus_servicekit.errors import error_responses, install_error_handlers
from ledgerbus_servicekit.health import router as health_router
from ledgerbus_servicekit.instrumentation import instrument_libraries
from ledgerbus_servicekit.metrics import CONTENT_TYPE_LATEST, OUTBOX_BACKLOG, generate_latest
from ledgerbus_servicekit.settings import ServiceSettings

Lifespan = Callable[[FastAPI], AbstractAsyncContextManager[None]]
log = logging.getLogger(__name__)


def _route_id(route: APIRoute) -> str:
    tag = route.tags[0] if route.tags else "default"
    return f"{tag}-{route.name}"


def create_service_app(
    *,
    title: str,
    settings: ServiceSettings,
    lifespan: Lifespan,
    routers: Sequence[APIRouter],
    outboxes: Mapping[str, str] | None = None,
) -> FastAPI:
    """A FastAPI app with health routes, ``/metrics``, ``/v1`` routers, tracing and the
    settings on state.

    ``/metrics`` serves the platform's Prometheus metrics
    (:mod:`ledgerbus_servicekit.metrics`); ``outboxes`` names the service's outboxes
    with the SQL that counts their backlog, run on ``app.state.pool`` at each scrape.

    Every error answer has the shared shape (:mod:`ledgerbus_servicekit.errors`); every
    ``/v1`` operation documents 401 and 422 in it (routes add the other statuses they
    answer), and a NUL character anywhere in a request is refused at the edge.
    """
    app = FastAPI(title=title, lifespan=lifespan, generate_unique_id_function=_route_id)
    app.state.settings = settings
    app.state.readiness_checks = {}
    install_error_handlers(app)
    app.add_middleware(RejectNulCharacters)
    app.include_router(health_router)
    app.add_api_route(
        "/metrics", _metrics_route(dict(outboxes or {})), methods=["GET"], include_in_schema=False
    )
    for router in routers:
        app.include_router(router, prefix="/v1", responses=error_responses(401, 422))
    instrument_libraries()  # first: it chooses the stable HTTP conventions for FastAPI too
    FastAPIInstrumentor.instrument_app(app, excluded_urls="healthz,readyz,metrics")
    return app


def _metrics_route(outboxes: dict[str, str]) -> Callable[[Request], object]:
    async def metrics(request: Request) -> Response:
        pool = getattr(request.app.state, "pool", None)
        for outbox, sql in outboxes.items():
            if pool is None:
                break
            try:
                OUTBOX_BACKLOG.labels(outbox).set(await pool.fetchval(sql))
            except Exception as exc:  # the scrape still answers; the gauge keeps its value
                log.warning("counting the %s outbox failed: %r", outbox, exc)
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    return metrics


def serve(app: FastAPI, host: str, port: int) -> None:
    """Run the app with uvicorn until interrupted.

    ``log_config=None``: uvicorn installs no handlers of its own, so its loggers
    propagate to the root handler of :func:`~ledgerbus_servicekit.logging.setup_logging`
    and their lines are redacted like every other.
    """
    uvicorn.run(app, host=host, port=port, log_level="info", access_log=False, log_config=None)
