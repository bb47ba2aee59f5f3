"""Assembles the Twinfield sandbox: OIDC login (:mod:`.oidc`), finder and ProcessXml."""

from __future__ import annotations

from dataclasses import dataclass, field

from fastapi import FastAPI, Request, Response
from lxml import etree

from ledgerbus_sandboxes.common import DataSizes, SandboxClock, SandboxData, generate_administration
from ledgerbus_sandboxes.common.control import MALFORMED, Sandbox, control_router
from ledgerbus_sandboxes.common.stats import StatsMiddleware
from ledgerbus_sandboxes.twinfield import services, soap
from ledgerbus_sandboxes.twinfield.oidc import Logins, oidc_router
from ledgerbus_sandboxes.twinfield.render import render

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
class _Credits:
    """Calls per sandbox minute, for the fair-use limit."""

    by_minute: dict[int, int] = field(default_factory=dict)


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
    logins, credits = Logins(), _Credits()
    app = FastAPI(title="Twinfield sandbox (ledgerbus)")
    app.include_router(oidc_router(config, sandbox.clock, logins))

    def call(request_body: bytes, path: str) -> tuple[soap.SoapCall | None, Response | None]:
        if (fault := sandbox.misbehave(path)) is not None:
            if fault.status == MALFORMED:
                return None, Response(b"<soap:Envelope><soap:Bo", media_type=XML)
            return None, Response(soap.fault("Injected fault", 100), fault.status, media_type=XML)
        minute = int(sandbox.clock.now().timestamp() // 60)
        credits.by_minute[minute] = credits.by_minute.get(minute, 0) + 1
        if credits.by_minute[minute] > config.credits_per_minute:
            return None, Response(b"", 429, headers={"Retry-After": "30"})
        try:
            parsed = soap.parse(request_body)
        except ValueError as exc:
            return None, Response(soap.fault(str(exc), 187), 500, media_type=XML)
        if not logins.valid(parsed.access_token, sandbox.clock.now()):
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
        return {"code": logins.new_code()}

    app.include_router(control_router(sandbox))
    app.add_middleware(StatsMiddleware, stats=sandbox.stats)
    app.state.sandbox = sandbox
    return app
