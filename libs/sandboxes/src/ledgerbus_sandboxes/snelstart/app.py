"""Assembles the SnelStart sandbox: token endpoint, ``/v2`` resources, control API."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import APIRouter, FastAPI, Header, Query, Request
from fastapi.responses import JSONResponse, Response

from ledgerbus_contracts import EntityType
from ledgerbus_sandboxes.common import (
    DataSizes,
    SandboxClock,
    SandboxData,
    generate_administration,
)
from ledgerbus_sandboxes.common.control import MALFORMED, Sandbox, control_router
from ledgerbus_sandboxes.common.stats import StatsMiddleware
from ledgerbus_sandboxes.snelstart.render import render
from ledgerbus_sandboxes.snelstart.tokens import Tokens, token_router

T = EntityType
ODATA_RESOURCES = {
    "grootboeken": T.GL_ACCOUNT,
    "relaties": T.CONTACT,
    "boekingsregels": T.TRANSACTION_LINE,
}
PLAIN_RESOURCES = {
    "dagboeken": T.DAYBOOK,
    "kostenplaatsen": T.COST_CENTER,
    "btwtarieven": T.VAT_CODE,
}
Sub = Annotated[str | None, Header(alias="Ocp-Apim-Subscription-Key")]
Auth = Annotated[str | None, Header(alias="Authorization")]
_MODIFIED_GT = re.compile(r"^\s*ModifiedOn\s+gt\s+datetime'([^']+)'\s*$")


@dataclass(frozen=True)
class SnelStartSandboxConfig:
    """Administrations by id (a GUID) with their client key (koppelingsleutel)."""

    seed: int = 42
    administrations: dict[str, tuple[str, str]] = field(
        default_factory=lambda: {
            "00000000-0000-4000-8000-000000000001": ("Demo SnelStart BV", "demo-clientkey-1"),
            "00000000-0000-4000-8000-000000000002": ("Tweede SnelStart BV", "demo-clientkey-2"),
        }
    )
    sizes: DataSizes = field(default_factory=lambda: DataSizes(projects=0, cost_units=0))
    subscription_key: str = "demo-subscription-key"
    token_seconds: int = 3599
    requests_per_minute: int = 600
    max_top: int = 500


def _error(status: int, code: str, message: str, **headers: str) -> JSONResponse:
    return JSONResponse([{"errorCode": code, "message": message}], status, headers=headers)


def create_app(
    config: SnelStartSandboxConfig | None = None, clock: SandboxClock | None = None
) -> FastAPI:
    """The SnelStart sandbox; ``app.state.sandbox`` is its state."""
    config = config or SnelStartSandboxConfig()
    data = SandboxData(
        {
            key: generate_administration(key, name, config.seed, config.sizes)
            for key, (name, _) in config.administrations.items()
        }
    )
    sandbox = Sandbox(data, render, clock or SandboxClock())
    tokens = Tokens()
    app = FastAPI(title="SnelStart B2B API v2 sandbox (ledgerbus)")
    app.include_router(token_router(config, sandbox.clock, tokens))

    api = APIRouter(prefix="/v2")

    def guard(request: Request, authorization: str | None, subscription: str | None) -> Any:
        if (fault := sandbox.misbehave(request.url.path)) is not None:
            if fault.status == MALFORMED:
                return Response(b'[{"id": "', media_type="application/json")
            return _error(fault.status, "ALG-0102", f"Injected fault {fault.status}")
        if subscription != config.subscription_key:
            return JSONResponse(
                {"statusCode": 401, "message": "Access denied due to invalid subscription key."},
                401,
            )
        now = sandbox.clock.now()
        minute = int(now.timestamp() // 60)
        tokens.calls[minute] = tokens.calls.get(minute, 0) + 1
        if tokens.calls[minute] > config.requests_per_minute:
            return _error(
                429,
                "ALG-0429",
                "Too many requests",
                **{"Retry-After": str(60 - int(now.timestamp()) % 60)},
            )
        administration = tokens.administration(authorization, now)
        if administration is None:
            return JSONResponse({"statusCode": 401, "message": "Unauthorized"}, 401)
        return sandbox.administration(administration)

    @api.get("/{resource}")
    def collection(
        request: Request,
        resource: str,
        authorization: Auth = None,
        subscription: Sub = None,
        top: Annotated[int, Query(alias="$top", ge=1)] = 500,
        skip: Annotated[int, Query(alias="$skip", ge=0)] = 0,
        filter_: Annotated[str | None, Query(alias="$filter")] = None,
    ) -> Any:
        admin = guard(request, authorization, subscription)
        if isinstance(admin, JSONResponse):
            return admin
        if resource in PLAIN_RESOURCES:
            return [
                render(PLAIN_RESOURCES[resource], r) for r in admin.of(PLAIN_RESOURCES[resource])
            ]
        entity_type = ODATA_RESOURCES.get(resource)
        if entity_type is None:
            return _error(404, "ALG-0404", f"Onbekende resource: {resource}")
        if top > config.max_top:
            return _error(400, "ALG-0104", f"$top mag maximaal {config.max_top} zijn")
        rows = sorted(admin.of(entity_type), key=lambda r: (r["modified"], r["id"]))
        if filter_:
            match = _MODIFIED_GT.match(filter_)
            if match is None:
                return _error(400, "ALG-0104", "Ongeldig OData filter")
            since = dt.datetime.fromisoformat(match.group(1)).replace(tzinfo=dt.UTC)
            rows = [r for r in rows if r["modified"] > since]
        return [render(entity_type, r) for r in rows[skip : skip + top]]

    app.include_router(api)
    app.include_router(control_router(sandbox))
    app.add_middleware(StatsMiddleware, stats=sandbox.stats)

    @app.get("/_sandbox/demo-credentials")
    def demo_credentials() -> dict[str, str]:
        first = next(iter(config.administrations.values()))
        return {"client_key": first[1]}

    app.state.sandbox = sandbox
    return app
