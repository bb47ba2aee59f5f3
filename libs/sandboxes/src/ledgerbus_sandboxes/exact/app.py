"""Assembles the Exact sandbox app from its data, OAuth, API and control routes."""

from __future__ import annotations

from fastapi import FastAPI

from ledgerbus_sandboxes.common import (
    SandboxClock,
    SandboxData,
    generate_administration,
)
from ledgerbus_sandboxes.common.control import Sandbox, control_router
from ledgerbus_sandboxes.common.stats import StatsMiddleware
from ledgerbus_sandboxes.exact.config import ExactSandboxConfig
from ledgerbus_sandboxes.exact.entities import render
from ledgerbus_sandboxes.exact.errors import install_error_handlers
from ledgerbus_sandboxes.exact.guard import Guard
from ledgerbus_sandboxes.exact.oauth import TokenStore, oauth_router
from ledgerbus_sandboxes.exact.ratelimit import RateLimits
from ledgerbus_sandboxes.exact.routes import api_router
from ledgerbus_sandboxes.exact.sync import sync_router
from ledgerbus_sandboxes.exact.writes import write_routers


def create_app(
    config: ExactSandboxConfig | None = None, clock: SandboxClock | None = None
) -> FastAPI:
    """The Exact sandbox; ``app.state.sandbox``, ``.tokens`` and ``.limits`` are its state."""
    config = config or ExactSandboxConfig()
    data = SandboxData(
        {
            str(code): generate_administration(str(code), name, config.seed, config.sizes)
            for code, name in config.divisions.items()
        }
    )
    limits = RateLimits(config.minutely_limit, config.daily_limit)
    sandbox = Sandbox(data, render, clock or SandboxClock(), budgets=limits)
    tokens = TokenStore()
    guard = Guard(sandbox, config, tokens, limits)
    app = FastAPI(title="Exact Online sandbox (ledgerbus)")
    app.include_router(oauth_router(sandbox, config, tokens))
    app.include_router(sync_router(sandbox, config, guard))
    app.include_router(api_router(sandbox, config, guard))
    writes, write_faults = write_routers(sandbox, guard)
    app.include_router(writes)
    app.include_router(control_router(sandbox))
    app.include_router(write_faults)
    install_error_handlers(app)
    app.add_middleware(StatsMiddleware, stats=sandbox.stats)
    app.state.sandbox, app.state.tokens, app.state.limits = sandbox, tokens, limits
    return app
