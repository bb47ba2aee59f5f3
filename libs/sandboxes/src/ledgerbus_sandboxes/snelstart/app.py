"""Assembles the SnelStart sandbox: token endpoint, ``/v2`` resources, control API."""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import APIRouter, FastAPI, Header, Request
from fastapi.responses import JSONResponse, Response

from ledgerbus_contracts import EntityType
from ledgerbus_sandboxes.common import (
    AdministrationData,
    DataSizes,
    SandboxClock,
    SandboxData,
    generate_administration,
)
from ledgerbus_sandboxes.common.control import MALFORMED, Sandbox, control_router
from ledgerbus_sandboxes.common.stats import StatsMiddleware
from ledgerbus_sandboxes.snelstart.odata import Filter, FilterError, parse_filter
from ledgerbus_sandboxes.snelstart.render import SnelStartRenderer
from ledgerbus_sandboxes.snelstart.resources import RESOURCES, listing, single
from ledgerbus_sandboxes.snelstart.tokens import Tokens, token_router
from ledgerbus_sandboxes.snelstart.writes import add_write_routes

Sub = Annotated[str | None, Header(alias="Ocp-Apim-Subscription-Key")]
Auth = Annotated[str | None, Header(alias="Authorization")]
INVALID_FILTER = "Ongeldig OData filter"


DEFAULT_ADMINISTRATIONS = {
    "00000000-0000-4000-8000-000000000001": ("Demo SnelStart BV", "demo-clientkey-1"),
    "00000000-0000-4000-8000-000000000002": ("Tweede SnelStart BV", "demo-clientkey-2"),
}


def numbered_administrations(count: int) -> dict[str, tuple[str, str]]:
    """``count`` administrations: the two default ones, then ``...-000000000003`` with
    client key ``demo-clientkey-3``, ... (for benchmarks of many administrations)."""
    if count < 1:
        raise ValueError(f"the sandbox needs at least one administration, not {count}")
    made = list(DEFAULT_ADMINISTRATIONS.items())
    made += [
        (
            f"00000000-0000-4000-8000-{n + 1:012d}",
            (f"Administratie {n + 1} BV", f"demo-clientkey-{n + 1}"),
        )
        for n in range(len(made), count)
    ]
    return dict(made[:count])


@dataclass(frozen=True)
class SnelStartSandboxConfig:
    """Administrations by id (a GUID) with their client key (koppelingsleutel)."""

    seed: int = 42
    administrations: dict[str, tuple[str, str]] = field(
        default_factory=lambda: dict(DEFAULT_ADMINISTRATIONS)
    )
    sizes: DataSizes = field(default_factory=lambda: DataSizes(projects=0, cost_units=0))
    subscription_key: str = "demo-subscription-key"
    token_seconds: int = 3599
    requests_per_minute: int = 600
    max_top: int = 500

    @classmethod
    def from_env(cls) -> SnelStartSandboxConfig:
        """The number of administrations (``SNELSTART_SANDBOX_ADMINISTRATIONS``, each with
        ``SNELSTART_SANDBOX_TRANSACTION_LINES`` lines) and the seed, for demos and benches."""
        env = os.environ
        lines = int(env.get("SNELSTART_SANDBOX_TRANSACTION_LINES", "2000"))
        count = int(env.get("SNELSTART_SANDBOX_ADMINISTRATIONS", "2"))
        return cls(
            seed=int(env.get("SNELSTART_SANDBOX_SEED", "42")),
            administrations=numbered_administrations(count),
            sizes=DataSizes(projects=0, cost_units=0, transaction_lines=lines),
        )


def error(status: int, code: str, message: str, **headers: str) -> JSONResponse:
    """SnelStart's error body: an array of ``{errorCode, message}``."""
    return JSONResponse([{"errorCode": code, "message": message}], status, headers=headers)


def _paging(request: Request, max_top: int) -> tuple[int, int] | JSONResponse:
    """``($skip, $top)`` of a request: ``$top`` 1..max (default max), ``$skip`` from 0."""
    try:
        top = int(request.query_params.get("$top", max_top))
        skip = int(request.query_params.get("$skip", 0))
    except ValueError:
        return error(400, "ALG-0104", "$top en $skip zijn gehele getallen")
    if not 1 <= top <= max_top or skip < 0:
        return error(400, "ALG-0104", f"$top ligt tussen 1 en {max_top}, $skip is niet negatief")
    return skip, top


def company_info(admin: AdministrationData) -> dict[str, Any]:
    """CompanyInfoModel of an administration (the fields a reader uses)."""
    years = [int(r["fiscal_year"]) for r in admin.of(EntityType.FISCAL_PERIOD)]
    return {
        "administratieIdentifier": admin.key,
        "administratieNaam": admin.name,
        "bedrijfsnaam": admin.name,
        "rechtsvorm": "Bv",
        "huidigBoekjaar": max(years) if years else None,
        "beginmaandFiscaleBoekjaar": 1,
        "btwAangiftePeriodeSoort": "Kwartaal",
        "icpAangiftePeriodeSoort": "Kwartaal",
        "aantalVoorloopnullenGrootboekrekeningen": 0,
    }


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
    renderer = SnelStartRenderer(data)
    sandbox = Sandbox(data, renderer, clock or SandboxClock())
    tokens = Tokens()
    app = FastAPI(title="SnelStart B2B API v2 sandbox (ledgerbus)")
    app.include_router(token_router(config, sandbox.clock, tokens))
    api = APIRouter(prefix="/v2")

    def guard(request: Request, authorization: str | None, subscription: str | None) -> Any:
        if (fault := sandbox.misbehave(request.url.path)) is not None:
            if fault.status == MALFORMED:
                return Response(b'[{"id": "', media_type="application/json")
            return error(fault.status, "ALG-0102", f"Injected fault {fault.status}")
        if subscription != config.subscription_key:
            return JSONResponse(
                {"statusCode": 401, "message": "Access denied due to invalid subscription key."},
                401,
            )
        now = sandbox.clock.now()
        minute = int(now.timestamp() // 60)
        tokens.calls[minute] = tokens.calls.get(minute, 0) + 1
        if tokens.calls[minute] > config.requests_per_minute:
            return error(
                429,
                "ALG-0429",
                "Too many requests",
                **{"Retry-After": str(60 - int(now.timestamp()) % 60)},
            )
        administration = tokens.administration(authorization, now)
        if administration is None:
            return JSONResponse({"statusCode": 401, "message": "Unauthorized"}, 401)
        return sandbox.administration(administration)

    @api.get("/companyInfo")
    def company(request: Request, authorization: Auth = None, subscription: Sub = None) -> Any:
        admin = guard(request, authorization, subscription)
        return admin if isinstance(admin, Response) else company_info(admin)

    @api.get("/{resource}")
    def collection(
        request: Request, resource: str, authorization: Auth = None, subscription: Sub = None
    ) -> Any:
        admin = guard(request, authorization, subscription)
        if isinstance(admin, Response):
            return admin
        found = RESOURCES.get(resource)
        if found is None:
            return error(404, "ALG-0404", f"Onbekende resource: {resource}")
        if not found.odata:
            return listing(renderer, admin, found, None, 0, 1_000_000)
        paging = _paging(request, config.max_top)
        if isinstance(paging, JSONResponse):
            return paging
        predicate: Filter | None = None
        if text := request.query_params.get("$filter"):
            try:
                predicate = parse_filter(text, found.model)
            except FilterError:
                return error(400, "ALG-0104", INVALID_FILTER)
        return listing(renderer, admin, found, predicate, *paging)

    @api.get("/{resource}/{key}")
    def one(
        request: Request,
        resource: str,
        key: str,
        authorization: Auth = None,
        subscription: Sub = None,
    ) -> Any:
        admin = guard(request, authorization, subscription)
        if isinstance(admin, Response):
            return admin
        found = RESOURCES.get(resource)
        if found is None or not found.single:
            return error(404, "ALG-0404", f"Onbekende resource: {resource}")
        if found.key == "id":
            try:
                key = str(uuid.UUID(key))
            except ValueError:
                return error(400, "ALG-0103", "Ongeldig ID")
        record = single(renderer, admin, found, key)
        if record is None:
            return error(404, "ALG-0404", f"Niet gevonden: {resource}/{key}")
        return record

    writes = APIRouter(prefix="/_sandbox", tags=["sandbox control"])
    add_write_routes(api, writes, sandbox, guard, renderer.render)
    app.include_router(api)
    app.include_router(writes)
    app.include_router(control_router(sandbox))
    app.add_middleware(StatsMiddleware, stats=sandbox.stats)

    @app.get("/_sandbox/demo-credentials")
    def demo_credentials() -> dict[str, str]:
        first = next(iter(config.administrations.values()))
        return {"client_key": first[1]}

    app.state.sandbox = sandbox
    return app
