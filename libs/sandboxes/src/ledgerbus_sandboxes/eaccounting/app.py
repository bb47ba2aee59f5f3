"""Assembles the eAccounting sandbox: the identity server, the ``/v2`` API, the control API."""

from __future__ import annotations

from fastapi import FastAPI

from ledgerbus_sandboxes.common import SandboxClock, SandboxData, generate_administration
from ledgerbus_sandboxes.common.control import Sandbox, control_router
from ledgerbus_sandboxes.common.stats import StatsMiddleware
from ledgerbus_sandboxes.eaccounting.config import EAccountingSandboxConfig
from ledgerbus_sandboxes.eaccounting.errors import install_error_handlers
from ledgerbus_sandboxes.eaccounting.facts import properties
from ledgerbus_sandboxes.eaccounting.guard import Guard
from ledgerbus_sandboxes.eaccounting.oauth import TokenStore, oauth_router
from ledgerbus_sandboxes.eaccounting.ratelimit import RateLimits
from ledgerbus_sandboxes.eaccounting.records import EAccountingRenderer
from ledgerbus_sandboxes.eaccounting.routes import api_router


def create_app(
    config: EAccountingSandboxConfig | None = None, clock: SandboxClock | None = None
) -> FastAPI:
    """The eAccounting sandbox; ``app.state.sandbox``, ``.tokens`` and ``.limits`` are its state."""
    config = config or EAccountingSandboxConfig()
    data = SandboxData(
        {
            key: generate_administration(key, name, config.seed, config.sizes)
            for key, name in config.companies.items()
        }
    )
    clock = clock or SandboxClock()
    renderer = EAccountingRenderer(data, clock)
    limits = RateLimits(config.requests_per_minute)
    sandbox = Sandbox(data, renderer, clock, budgets=limits)
    tokens = TokenStore()
    guard = Guard(sandbox, tokens, limits, config.requests_per_minute, config.client_id)
    app = FastAPI(title="Visma eAccounting API v2 sandbox (ledgerbus)")
    app.include_router(oauth_router(sandbox, config, tokens))
    app.include_router(api_router(sandbox, config, guard, renderer, properties))
    app.include_router(control_router(sandbox))
    install_error_handlers(app)
    app.add_middleware(StatsMiddleware, stats=sandbox.stats)

    @app.get("/_sandbox/demo-credentials", tags=["sandbox control"])
    def demo_credentials() -> dict[str, str]:
        """The demo app's registration (client id, secret, redirect URI) and first company."""
        return {
            "client_id": config.client_id,
            "client_secret": config.client_secret,
            "redirect_uri": config.redirect_uri,
            "company": next(iter(config.companies)),
        }

    app.state.sandbox, app.state.tokens, app.state.limits = sandbox, tokens, limits
    app.state.renderer = renderer
    return app
