"""The console service: wiring happens here and only here."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from contextlib import AsyncExitStack, asynccontextmanager

import httpx
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from ledgerbus_console.api.routes import ROUTERS
from ledgerbus_console.api.routes.page import STATIC
from ledgerbus_console.core.config import Settings
from ledgerbus_servicekit.app import create_service_app


def create_app(
    settings: Settings | None = None,
    transports: Mapping[str, httpx.AsyncBaseTransport] | None = None,
) -> FastAPI:
    """The page, its static files, and the proxy to every service in ``SERVICE_URLS``.

    ``transports`` reach a service over a given transport instead of the network (tests).
    """
    settings = settings or Settings()
    transports = transports or {}

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with AsyncExitStack() as stack:
            app.state.upstreams = {
                name: await stack.enter_async_context(
                    httpx.AsyncClient(
                        base_url=url,
                        transport=transports.get(name),
                        timeout=settings.upstream_timeout_seconds,
                    )
                )
                for name, url in settings.service_urls.items()
            }
            yield

    app = create_service_app(
        title="ledgerbus console", settings=settings, lifespan=lifespan, routers=[]
    )
    for router in ROUTERS:
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
    return app
