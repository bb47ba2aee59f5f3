"""Assembles the Twinfield sandbox: OIDC login, cluster discovery, finder, ProcessXml."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field
from typing import Annotated
from urllib.parse import urlencode

from fastapi import FastAPI, Form, Request, Response
from fastapi.responses import JSONResponse, RedirectResponse
from lxml import etree

from ledgerbus_sandboxes.common import DataSizes, SandboxClock, SandboxData, generate_administration
from ledgerbus_sandboxes.common.control import Sandbox, control_router
from ledgerbus_sandboxes.common.stats import StatsMiddleware
from ledgerbus_sandboxes.twinfield import services, soap
from ledgerbus_sandboxes.twinfield.render import render

OIDC = "/auth/authentication/connect"
XML = "text/xml; charset=utf-8"


@dataclass(frozen=True)
class TwinfieldSandboxConfig:
    """Offices by code."""

    seed: int = 42
    offices: dict[str, str] = field(
        default_factory=lambda: {
            "NLA000001": "Demo Twinfield BV",
            "NLA000002": "Tweede Twinfield BV",
        }
    )
    sizes: DataSizes = field(default_factory=lambda: DataSizes(cost_units=0))
    client_id: str = "ledgerbus-demo"
    client_secret: str = "demo-secret"  # noqa: S105 - the sandbox's demo secret
    access_token_seconds: int = 3600
    credits_per_minute: int = 1000


@dataclass
class _Auth:
    codes: set[str] = field(default_factory=set)
    access: dict[str, dt.datetime] = field(default_factory=dict)
    refresh: set[str] = field(default_factory=set)
    credits: dict[int, int] = field(default_factory=dict)


def create_app(
    config: TwinfieldSandboxConfig | None = None, clock: SandboxClock | None = None
) -> FastAPI:
    """The Twinfield sandbox; ``app.state.sandbox`` is its state."""
    config = config or TwinfieldSandboxConfig()
    data = SandboxData(
        {
            code: generate_administration(code, name, config.seed, config.sizes)
            for code, name in config.offices.items()
        }
    )
    sandbox = Sandbox(data, render, clock or SandboxClock())
    auth = _Auth()
    app = FastAPI(title="Twinfield sandbox (ledgerbus)")

    @app.get(f"{OIDC}/authorize", response_model=None)
    def authorize(
        client_id: str, redirect_uri: str, state: str | None = None
    ) -> RedirectResponse | JSONResponse:
        if client_id != config.client_id:
            return JSONResponse({"error": "invalid_client"}, 400)
        code = secrets.token_urlsafe(24)
        auth.codes.add(code)
        query = {"code": code, **({"state": state} if state else {})}
        return RedirectResponse(f"{redirect_uri}?{urlencode(query)}", 302)

    @app.post(f"{OIDC}/token")
    def token(
        grant_type: Annotated[str, Form()],
        client_id: Annotated[str, Form()],
        client_secret: Annotated[str, Form()],
        code: Annotated[str | None, Form()] = None,
        refresh_token: Annotated[str | None, Form()] = None,
    ) -> JSONResponse:
        if (client_id, client_secret) != (config.client_id, config.client_secret):
            return JSONResponse({"error": "invalid_client"}, 400)
        if grant_type == "authorization_code" and code in auth.codes:
            auth.codes.discard(code)
            new_refresh = secrets.token_urlsafe(32)
            auth.refresh.add(new_refresh)
        elif grant_type == "refresh_token" and refresh_token in auth.refresh:
            new_refresh = refresh_token
        else:
            return JSONResponse({"error": "invalid_grant"}, 400)
        access = secrets.token_urlsafe(32)
        auth.access[access] = sandbox.clock.now() + dt.timedelta(
            seconds=config.access_token_seconds
        )
        return JSONResponse(
            {
                "access_token": access,
                "token_type": "Bearer",
                "expires_in": config.access_token_seconds,
                "refresh_token": new_refresh,
            }
        )

    def valid(access_token: str | None) -> bool:
        expires = auth.access.get(access_token or "")
        return expires is not None and sandbox.clock.now() < expires

    @app.get(f"{OIDC}/accesstokenvalidation")
    def validate(request: Request, token: str) -> JSONResponse:
        if not valid(token):
            return JSONResponse({"Message": "The access token is invalid."}, 400)
        expires = auth.access[token]
        return JSONResponse(
            {
                "twf.clusterUrl": str(request.base_url).rstrip("/"),
                "exp": int(expires.timestamp()),
                "nbf": 0,
            }
        )

    def call(request_body: bytes, path: str) -> tuple[soap.SoapCall | None, Response | None]:
        if (fault := sandbox.misbehave(path)) is not None:
            return None, Response(soap.fault("Injected fault", 100), fault.status, media_type=XML)
        minute = int(sandbox.clock.now().timestamp() // 60)
        auth.credits[minute] = auth.credits.get(minute, 0) + 1
        if auth.credits[minute] > config.credits_per_minute:
            return None, Response(b"", 429, headers={"Retry-After": "30"})
        try:
            parsed = soap.parse(request_body)
        except ValueError as exc:
            return None, Response(soap.fault(str(exc), 187), 500, media_type=XML)
        if not valid(parsed.access_token):
            return None, Response(
                soap.fault("Access denied. Token invalid.", 354), 401, media_type=XML
            )
        if parsed.company not in config.offices:
            return None, Response(
                soap.fault("Toegang geweigerd. Company ontbreekt in request header.", 101),
                500,
                media_type=XML,
            )
        return parsed, None

    @app.post("/webservices/finder.asmx")
    async def finder(request: Request) -> Response:
        parsed, refused = call(await request.body(), request.url.path)
        if refused is not None or parsed is None:
            return refused or Response(status_code=500)
        op = parsed.operation
        options = {}
        for pair in op.findall("twf:options/twf:ArrayOfString", soap.NS):
            values = [s.text or "" for s in pair.findall("twf:string", soap.NS)]
            if len(values) == 2:
                options[values[0]] = values[1]
        office = options.get("office") or parsed.company or ""
        if office not in config.offices:
            unknown = soap.fault(f"Onbekende administratie {office}", 108)
            return Response(unknown, 500, media_type=XML)
        admin = sandbox.administration(office)
        try:
            rows = services.finder_rows(admin, op.findtext("twf:type", "", soap.NS), options)
        except ValueError as exc:
            return Response(soap.fault(str(exc), 100), 500, media_type=XML)
        first = int(op.findtext("twf:firstRow", "1", soap.NS))
        max_rows = int(op.findtext("twf:maxRows", "100", soap.NS))
        body = soap.envelope(services.search_response(rows, first, max_rows))
        return Response(body, media_type=XML)

    @app.post("/webservices/processxml.asmx")
    async def processxml(request: Request) -> Response:
        parsed, refused = call(await request.body(), request.url.path)
        if refused is not None or parsed is None:
            return refused or Response(status_code=500)
        text = parsed.operation.findtext("twf:xmlRequest", "", soap.NS)
        inner = etree.fromstring(text.encode(), parser=etree.XMLParser(resolve_entities=False))
        if inner.tag == "columns" and inner.get("code") == "000":
            company = parsed.company or ""
            result = services.browse(sandbox.administration(company), company, inner)
        else:
            result = etree.Element(
                inner.tag,
                result="0",
                msgtype="error",
                msg=f"the sandbox does not play <{inner.tag}> requests",
            )
        wrapper = etree.Element(soap.twf("ProcessXmlStringResponse"), nsmap={None: soap.TWF})
        etree.SubElement(wrapper, soap.twf("ProcessXmlStringResult")).text = etree.tostring(
            result, encoding="unicode"
        )
        return Response(soap.envelope(wrapper), media_type=XML)

    @app.get("/_sandbox/demo-credentials")
    def demo_credentials() -> dict[str, str]:
        """A one-time authorization code for the demo connection."""
        code = secrets.token_urlsafe(24)
        auth.codes.add(code)
        return {"code": code}

    app.include_router(control_router(sandbox))
    app.add_middleware(StatsMiddleware, stats=sandbox.stats)
    app.state.sandbox = sandbox
    return app
