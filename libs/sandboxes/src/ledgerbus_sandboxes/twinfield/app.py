"""Assembles the Twinfield sandbox: OIDC login (:mod:`.oidc`), the WSDLs and the services."""

from __future__ import annotations

import base64
import binascii
import gzip
import os
import zlib
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter, FastAPI, Request, Response
from fastapi.responses import HTMLResponse
from lxml import etree

from ledgerbus_contracts import EntityType
from ledgerbus_sandboxes.common import (
    DataSizes,
    Record,
    SandboxClock,
    SandboxData,
    generate_administration,
)
from ledgerbus_sandboxes.common.control import MALFORMED, Sandbox, control_router
from ledgerbus_sandboxes.common.stats import StatsMiddleware
from ledgerbus_sandboxes.common.written import WriteFaults
from ledgerbus_sandboxes.twinfield import deleted, finder, processxml, soap, writes, wsdl
from ledgerbus_sandboxes.twinfield.oidc import Logins, oidc_router
from ledgerbus_sandboxes.twinfield.render import render, vat_codes
from ledgerbus_sandboxes.twinfield.soap import SOAP11, SoapCall, SoapFault, twf

XML = soap.CONTENT_TYPES[SOAP11]
WROTE: ContextVar[str | None] = ContextVar("twinfield_sandbox_wrote", default=None)
"""The root of the ProcessXml write the current call made (write faults match on it)."""


DEFAULT_OFFICES = {"NLA000001": "Demo Twinfield BV", "NLA000002": "Tweede Twinfield BV"}


def numbered_offices(count: int) -> dict[str, str]:
    """``count`` offices: the two default ones, then NLA000003, NLA000004, ... (for
    benchmarks of many administrations; one login sees them all)."""
    if count < 1:
        raise ValueError(f"the sandbox needs at least one office, not {count}")
    names = list(DEFAULT_OFFICES.items())
    names += [(f"NLA{n + 1:06d}", f"Administratie {n + 1} BV") for n in range(len(names), count)]
    return dict(names[:count])


@dataclass(frozen=True)
class TwinfieldSandboxConfig:
    """Offices by code."""

    seed: int = 42
    offices: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_OFFICES))
    sizes: DataSizes = field(default_factory=lambda: DataSizes(cost_units=0))
    client_id: str = "ledgerbus-demo"
    client_secret: str = "demo-secret"  # noqa: S105 - the sandbox's demo secret
    access_token_seconds: int = 3600
    credits_per_minute: int = 1000

    @classmethod
    def from_env(cls) -> TwinfieldSandboxConfig:
        """The number of offices (``TWINFIELD_SANDBOX_OFFICES``, each with
        ``TWINFIELD_SANDBOX_TRANSACTION_LINES`` lines) and the seed, for demos and benches."""
        env = os.environ
        lines = int(env.get("TWINFIELD_SANDBOX_TRANSACTION_LINES", "2000"))
        return cls(
            seed=int(env.get("TWINFIELD_SANDBOX_SEED", "42")),
            offices=numbered_offices(int(env.get("TWINFIELD_SANDBOX_OFFICES", "2"))),
            sizes=DataSizes(cost_units=0, transaction_lines=lines),
        )


@dataclass
class _Credits:
    """Calls per sandbox minute, for the fair-use limit."""

    by_minute: dict[int, int] = field(default_factory=dict)


def _inflate(data: bytes) -> tuple[bytes, bool]:
    """(XML, was gzip): gzip as the WSDL documents it, zlib as Twinfield's C# sample sends."""
    if data[:2] == b"\x1f\x8b":
        return gzip.decompress(data), True
    return zlib.decompress(data), False


class _Services:
    """The SOAP operations over one sandbox's state."""

    def __init__(self, config: TwinfieldSandboxConfig, sandbox: Sandbox) -> None:
        self.config, self.sandbox = config, sandbox

    def _company(self, call: SoapCall) -> str:
        if not call.company:
            raise SoapFault("Toegang geweigerd. Company ontbreekt in request header.", 101)
        if call.company not in self.config.offices:
            raise SoapFault(f"Access Denied. Company id is not valid: {call.company}", 359, 403)
        return call.company

    def finder(self, call: SoapCall) -> etree._Element:
        company = self._company(call)
        try:
            arguments = finder.arguments(call.operation)
        except ValueError as exc:
            raise SoapFault(str(exc), 100, client=True) from exc
        result = finder.search(self.config.offices, self.sandbox.administration, company, arguments)
        return finder.response(result)

    def processxml(self, call: SoapCall) -> etree._Element:
        name = etree.QName(call.operation).localname
        argument = call.operation.find(twf("xmlRequest"))
        compressed_as_gzip = False
        try:
            if name == "ProcessXmlDocument":
                inner = None if argument is None else next(iter(argument.iterchildren("*")), None)
                if inner is None:
                    raise SoapFault("xmlRequest holds no XML element.", 187, client=True)
            else:
                text = (argument.text if argument is not None else None) or ""
                if name == "ProcessXmlCompressed":
                    try:
                        raw, compressed_as_gzip = _inflate(base64.b64decode(text, validate=True))
                    except (binascii.Error, zlib.error, OSError, EOFError) as exc:
                        raise SoapFault("Invalid zlib data.", 186, client=True) from exc
                else:
                    raw = text.encode()
                inner = etree.fromstring(raw, parser=soap.PARSER)
        except etree.XMLSyntaxError as exc:
            raise SoapFault(f"Invalid XML data: {exc}", 187, client=True) from exc
        if not (inner.tag == "list" and inner.findtext("type") == "offices"):
            self._company(call)
        if inner.tag == "columns":
            self.sandbox.stats.note(_browse_note(inner))
        if inner.tag in writes.WRITES:
            office = self._company(call)
            admin = self.sandbox.administration(office)
            answer = writes.write(admin, office, inner, self.sandbox.clock.now())
            self.sandbox.stats.note(f"write <{inner.tag}>")
            WROTE.set(inner.tag)
        else:
            answer = processxml.process(
                inner, self.config.offices, self.sandbox.administration, call.company
            )
        # a prefix, not a default namespace: the answer's elements are in no namespace
        wrapper = etree.Element(twf(f"{name}Response"), nsmap={"tw": soap.TWF})
        result = etree.SubElement(wrapper, twf(f"{name}Result"))
        if name == "ProcessXmlDocument":
            result.append(answer)
        elif name == "ProcessXmlCompressed":
            xml = etree.tostring(answer, encoding="utf-8")
            packed = gzip.compress(xml) if compressed_as_gzip else zlib.compress(xml)
            result.text = base64.b64encode(packed).decode()
        else:
            result.text = etree.tostring(answer, encoding="unicode")
        return wrapper

    def deleted(self, call: SoapCall) -> etree._Element:
        try:
            arguments = deleted.query_arguments(call.operation)
            company = (arguments["CompanyCode"] or "").strip()
            if company not in self.config.offices:
                raise deleted.QueryRefused("InvalidCompanyCode", f"Company {company} is invalid.")
            found = deleted.deleted_transactions(self.sandbox.administration(company), arguments)
        except deleted.QueryRefused as exc:
            detail = deleted.fault_detail(exc.code, str(exc))
            raise SoapFault(str(exc), 100, client=True, extra=detail) from exc
        return deleted.result(found)


def _browse_note(columns: etree._Element) -> str:
    """A browse request's filters for the request log (``field operator from..to``)."""
    asked = [
        f"{c.findtext('field')} {c.findtext('operator')} {c.findtext('from') or ''}"
        f"..{c.findtext('to') or ''}"
        for c in columns.iterfind("column")
        if (c.findtext("operator") or "none") != "none"
    ]
    return f"browse {columns.get('code')}: " + "; ".join(asked)


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
    sandbox = Sandbox(data, _renderer(data), clock or SandboxClock())
    logins, credits = Logins(), _Credits()
    services = _Services(config, sandbox)
    handlers = {
        wsdl.PROCESSXML.path: services.processxml,
        wsdl.FINDER.path: services.finder,
        wsdl.DELETED_TRANSACTIONS.path: services.deleted,
    }
    app = FastAPI(title="Twinfield sandbox (ledgerbus)")
    app.include_router(oidc_router(config, sandbox.clock, logins))

    def answer(service: wsdl.Service, body: bytes, request: Request) -> Response:
        version = soap.version_of(body)
        if (fault := sandbox.misbehave(request.url.path)) is not None:
            if fault.status == MALFORMED:
                return Response(b"<soap:Envelope><soap:Bo", media_type=XML)
            return Response(
                soap.fault("Injected fault", 100, version), fault.status, media_type=XML
            )
        minute = int(sandbox.clock.now().timestamp() // 60)
        credits.by_minute[minute] = credits.by_minute.get(minute, 0) + 1
        if credits.by_minute[minute] > config.credits_per_minute:
            return Response(b"", 429, headers={"Retry-After": "30"})
        try:
            call = soap.parse(
                body,
                request.headers.get("content-type", ""),
                request.headers.get("soapaction"),
                service.operations,
            )
            version = call.version
            if not logins.valid(call.access_token, sandbox.clock.now()):
                raise SoapFault("Access denied. Token invalid.", 354, 401)
            result = handlers[service.path](call)
        except SoapFault as exc:
            payload = soap.fault(exc.message, exc.code, version, client=exc.client, extra=exc.extra)
            return Response(payload, exc.status, media_type=soap.CONTENT_TYPES[version])
        except Exception as exc:
            payload = soap.fault(f"Unexpected error: {type(exc).__name__}", 100, version)
            return Response(payload, 500, media_type=soap.CONTENT_TYPES[version])
        return Response(soap.envelope(result, version), media_type=soap.CONTENT_TYPES[version])

    faults = WriteFaults(
        lambda status: Response(soap.fault("Gateway timeout", 100, SOAP11), status, media_type=XML)
    )
    for service in wsdl.SERVICES.values():
        _routes(app, service, answer, faults)

    @app.get("/_sandbox/demo-credentials")
    def demo_credentials() -> dict[str, str]:
        """A one-time authorization code for the demo connection."""
        return {"code": logins.new_code()}

    app.include_router(control_router(sandbox))
    write_faults = APIRouter(prefix="/_sandbox", tags=["sandbox control"])
    faults.routes(write_faults)
    app.include_router(write_faults)
    app.add_middleware(StatsMiddleware, stats=sandbox.stats)
    app.state.sandbox = sandbox
    return app


def _renderer(data: SandboxData) -> Callable[[EntityType, Record], dict[str, Any]]:
    """:func:`.render.render`, with a line's VAT code as Twinfield's (as browse sends it)."""

    def rendered(entity_type: EntityType, record: Record) -> dict[str, Any]:
        row = render(entity_type, record)
        code = record.get("vat_code")
        if entity_type is EntityType.TRANSACTION_LINE and code:
            for admin in data.administrations.values():
                mapped = vat_codes(admin.of(EntityType.VAT_CODE))
                if code in mapped:
                    row["fin.trs.line.vatcode"] = mapped[code]
                    break
        return row

    return rendered


def _routes(
    app: FastAPI,
    service: wsdl.Service,
    respond: Callable[[wsdl.Service, bytes, Request], Response],
    faults: WriteFaults | None = None,
) -> None:
    """GET ``?wsdl`` and POST for one service, under its name and in lower case (IIS is)."""

    async def description(request: Request) -> Response:
        if "wsdl" not in {k.lower() for k in request.query_params}:
            return HTMLResponse(f"<html><body><h1>{service.name}</h1></body></html>")
        location = str(request.url.replace(query="")).rstrip("/")
        return Response(wsdl.document(service, location), media_type="text/xml; charset=utf-8")

    async def post(request: Request) -> Response:
        answered = respond(service, await request.body(), request)
        wrote = WROTE.get()
        if wrote is None or faults is None:
            return answered
        WROTE.set(None)
        return await faults.answer(f"{request.url.path}#{wrote}", answered)

    for path in dict.fromkeys((service.path, service.path.lower())):
        app.add_api_route(
            f"/webservices/{path}", description, methods=["GET"], include_in_schema=False
        )
        app.add_api_route(f"/webservices/{path}", post, methods=["POST"], include_in_schema=False)
