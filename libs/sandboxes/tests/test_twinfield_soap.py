"""The Twinfield sandbox as a SOAP server: faults in the request's SOAP version for every
malformed request (the connection stays open), ProcessXml's reads, the finder's types and
options, browse columns and cell types, deleted transactions and Basic client auth."""

from __future__ import annotations

import base64
import datetime as dt
import gzip
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from lxml import etree

from ledgerbus_contracts import EntityType
from ledgerbus_sandboxes.common import DataSizes
from ledgerbus_sandboxes.common.control import FollowingClock
from ledgerbus_sandboxes.twinfield import TwinfieldSandboxConfig, create_app
from ledgerbus_servicekit import FakeClock
from ledgerbus_servicekit.testing import served_app

T0 = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)
OIDC = "/auth/authentication/connect"
S11, S12 = "http://schemas.xmlsoap.org/soap/envelope/", "http://www.w3.org/2003/05/soap-envelope"
TWF = "http://www.twinfield.com/"
DEL = "http://schemas.datacontract.org/2004/07/Twinfield.WebServices.DeletedTransactionsService"
SHARED = "http://schemas.datacontract.org/2004/07/Twinfield.WebServices.Shared"


@pytest.fixture
def app() -> FastAPI:
    sizes = DataSizes(gl_accounts=20, contacts=8, transaction_lines=40)
    return create_app(TwinfieldSandboxConfig(sizes=sizes), FollowingClock(FakeClock(T0)))


@pytest.fixture
async def served(app: FastAPI) -> AsyncIterator[tuple[httpx.AsyncClient, str]]:
    """A keep-alive client on the sandbox over real HTTP, and an access token."""
    async with served_app(app) as url, httpx.AsyncClient(base_url=url) as http:
        code = (await http.get("/_sandbox/demo-credentials")).json()["code"]
        tokens = await http.post(
            f"{OIDC}/token",
            data={"grant_type": "authorization_code", "code": code},
            auth=("ledgerbus-demo", "demo-secret"),
        )
        yield http, tokens.json()["access_token"]


def envelope(token: str, body: str, office: str | None = "NLA000001", version: str = S11) -> str:
    company = f"<CompanyCode>{office}</CompanyCode>" if office else ""
    return (
        f'<s:Envelope xmlns:s="{version}"><s:Header><Header xmlns="{TWF}">'
        f"<AccessToken>{token}</AccessToken>{company}</Header></s:Header>"
        f"<s:Body>{body}</s:Body></s:Envelope>"
    )


def xml_string(request: str) -> str:
    return (
        f'<ProcessXmlString xmlns="{TWF}"><xmlRequest><![CDATA[{request}]]>'
        "</xmlRequest></ProcessXmlString>"
    )


async def post(
    http: httpx.AsyncClient,
    service: str,
    body: str | bytes,
    action: str | None = "ProcessXmlString",
    content_type: str = "text/xml; charset=utf-8",
) -> httpx.Response:
    headers = {"Content-Type": content_type}
    if action is not None:
        headers["SOAPAction"] = f'"http://www.twinfield.com/{action}"'
    return await http.post(f"/webservices/{service}", content=body, headers=headers)


def inner(response: httpx.Response) -> etree._Element:
    assert response.status_code == 200, response.text
    text = etree.fromstring(response.content).findtext(f".//{{{TWF}}}ProcessXmlStringResult")
    return etree.fromstring((text or "").encode())


async def test_malformed_requests_get_faults_in_their_soap_version_and_keep_the_connection(
    served: tuple[httpx.AsyncClient, str],
) -> None:
    http, token = served
    broken = await post(http, "processxml.asmx", b"<s:Envelope xmlns:s='x'><unclosed>")
    assert broken.status_code == 500 and broken.headers["content-type"].startswith("text/xml")
    assert etree.fromstring(broken.content).findtext(".//detail/code") == "187"
    assert broken.headers.get("connection", "").lower() != "close"
    soap12 = await post(
        http,
        "processxml.asmx",
        envelope(token, "<Unknown xmlns='http://www.twinfield.com/'/>", version=S12),
        None,
        "application/soap+xml; charset=utf-8",
    )
    fault = etree.fromstring(soap12.content).find(f".//{{{S12}}}Fault")
    assert soap12.headers["content-type"].startswith("application/soap+xml") and fault is not None
    assert fault.findtext(f"{{{S12}}}Code/{{{S12}}}Value") == "soap:Sender"
    wrong_type = await post(
        http, "processxml.asmx", envelope(token, xml_string("<x/>")), None, "application/json"
    )
    assert wrong_type.status_code == 415 and b"Fault" in wrong_type.content
    no_action = await post(http, "processxml.asmx", envelope(token, xml_string("<x/>")), None)
    assert no_action.status_code == 500 and b"SOAPAction" in no_action.content
    wrong_action = await post(
        http, "processxml.asmx", envelope(token, xml_string("<x/>")), "Search"
    )
    assert wrong_action.status_code == 500 and b"SOAPAction" in wrong_action.content
    offices = await post(
        http,
        "processxml.asmx",
        envelope(token, xml_string("<list><type>offices</type></list>"), None),
    )
    listed = inner(offices)
    assert [(o.text, o.get("name")) for o in listed] == [
        ("NLA000001", "Demo Twinfield BV"),
        ("NLA000002", "Tweede Twinfield BV"),
    ]


async def test_compressed_requests_are_gzip_or_zlib_and_bad_data_is_fault_186(
    served: tuple[httpx.AsyncClient, str],
) -> None:
    http, token = served
    packed = base64.b64encode(gzip.compress(b"<list><type>offices</type></list>")).decode()
    body = (
        f'<ProcessXmlCompressed xmlns="{TWF}"><xmlRequest>{packed}</xmlRequest>'
        "</ProcessXmlCompressed>"
    )
    response = await post(http, "processxml.asmx", envelope(token, body), "ProcessXmlCompressed")
    result = etree.fromstring(response.content).findtext(f".//{{{TWF}}}ProcessXmlCompressedResult")
    assert etree.fromstring(gzip.decompress(base64.b64decode(result or ""))).tag == "offices"
    bad = body.replace(packed, "bm90IHpsaWI=")
    refused = await post(http, "processxml.asmx", envelope(token, bad), "ProcessXmlCompressed")
    assert etree.fromstring(refused.content).findtext(".//detail/code") == "186"


async def test_reads_of_dimensions_and_transactions(
    app: FastAPI, served: tuple[httpx.AsyncClient, str]
) -> None:
    http, token = served
    admin = app.state.sandbox.data.get("NLA000001")
    account = admin.of(EntityType.GL_ACCOUNT)[0]
    request = (
        "<read><type>dimensions</type><office>NLA000001</office><dimtype>BAS</dimtype>"
        f"<code>{account['code']}</code></read>"
    )
    dimension = inner(await post(http, "processxml.asmx", envelope(token, xml_string(request))))
    assert (dimension.tag, dimension.get("result")) == ("dimension", "1")
    assert (dimension.findtext("code"), dimension.findtext("name")) == (
        account["code"],
        account["name"],
    )
    line = admin.of(EntityType.TRANSACTION_LINE)[0]
    request = (
        f"<read><type>transaction</type><office>NLA000001</office><code>{line['daybook_code']}"
        f"</code><number>{line['entry_number']}</number></read>"
    )
    transaction = inner(await post(http, "processxml.asmx", envelope(token, xml_string(request))))
    lines = transaction.findall("lines/line")
    assert transaction.get("result") == "1" and len(lines) >= 2
    signed = sum(
        (1 if item.findtext("debitcredit") == "debit" else -1) * float(item.findtext("value") or 0)
        for item in lines
    )
    assert abs(signed) < 0.005
    missing = inner(
        await post(
            http,
            "processxml.asmx",
            envelope(
                token,
                xml_string(
                    "<read><type>dimensions</type><office>NLA000001</office><dimtype>BAS</dimtype>"
                    "<code>nope</code></read>"
                ),
            ),
        )
    )
    assert missing.get("result") == "0" and missing.get("msg")


def search(kind: str, pattern: str = "*", field: int = 0, **options: str) -> str:
    pairs = "".join(
        f"<ArrayOfString><string>{k}</string><string>{v}</string></ArrayOfString>"
        for k, v in options.items()
    )
    return (
        f'<Search xmlns="{TWF}"><type>{kind}</type><pattern>{pattern}</pattern><field>{field}'
        f"</field><firstRow>1</firstRow><maxRows>500</maxRows><options>{pairs}</options></Search>"
    )


def finder_rows(response: httpx.Response) -> tuple[list[str], list[list[str]], list[str]]:
    root = etree.fromstring(response.content)
    messages = [m.text or "" for m in root.iter(f"{{{TWF}}}Code")]
    columns = [s.text or "" for s in root.iterfind(f".//{{{TWF}}}Columns/{{{TWF}}}string")]
    rows = [
        [s.text or "" for s in item]
        for item in root.iterfind(f".//{{{TWF}}}Items/{{{TWF}}}ArrayOfString")
    ]
    return columns, rows, messages


async def test_the_finder_plays_types_patterns_and_options(
    app: FastAPI, served: tuple[httpx.AsyncClient, str]
) -> None:
    http, token = served
    admin = app.state.sandbox.data.get("NLA000001")

    async def find(body: str) -> tuple[list[str], list[list[str]], list[str]]:
        return finder_rows(await post(http, "finder.asmx", envelope(token, body), "Search"))

    columns, rows, _ = await find(search("DIM"))
    kinds = {row[columns.index("Dimensietype")] for row in rows}
    assert kinds == {"BAS", "PNL", "DEB", "CRD", "KPL", "PRJ"}
    name = admin.of(EntityType.GL_ACCOUNT)[3]["name"]
    _, named, _ = await find(search("DIM", name, 2))
    assert [row[1] for row in named] == [name]
    _, prefixed, _ = await find(search("DIM", "100?", 1, dimtype="BAS"))
    assert [row[0] for row in prefixed] == ["1000"]
    newest = max(r["modified"] for r in admin.of(EntityType.CONTACT))
    since = newest.astimezone(dt.UTC).strftime("%Y%m%d%H%M%S")
    _, recent, _ = await find(search("DIM", dimtype="DEB", modifiedsince=since))
    assert 0 < len(recent) < len([r for r in admin.of(EntityType.CONTACT) if r["is_customer"]])
    _, _, refused = await find(search("DIM", color="red"))
    assert refused == ["OptionNotAllowed"]
    _, offices, _ = await find(search("OFF"))
    assert [row[:2] for row in offices] == [
        ["NLA000001", "Demo Twinfield BV"],
        ["NLA000002", "Tweede Twinfield BV"],
    ]
    _, empty, messages = await find(search("CUR"))
    assert (empty, messages) == ([], [])
    _, vat, _ = await find(search("VAT"))
    assert {row[0] for row in vat} >= {"VH", "VL", "IH", "IL"}


def columns(*fields: str, office: str | None = None) -> str:
    cells = "".join(f"<column><field>{f}</field></column>" for f in fields)
    if office:
        cells += (
            "<column><field>fin.trs.head.office</field><visible>false</visible>"
            f"<operator>equal</operator><from>{office}</from></column>"
        )
    return f'<columns code="000">{cells}</columns>'


async def test_browse_returns_the_requested_columns_typed_and_honours_the_office(
    served: tuple[httpx.AsyncClient, str],
) -> None:
    http, token = served
    wanted = ("fin.trs.head.date", "fin.trs.head.number", "fin.trs.line.valuesigned")
    result = inner(
        await post(http, "processxml.asmx", envelope(token, xml_string(columns(*wanted))))
    )
    header = result.find("th")
    assert header is not None and [td.text for td in header] == list(wanted)
    first = result.find("tr")
    assert first is not None
    assert [(td.get("field"), td.get("type")) for td in first.findall("td")] == [
        ("fin.trs.head.date", "Date"),
        ("fin.trs.head.number", "Decimal"),
        ("fin.trs.line.valuesigned", "Value"),
    ]
    assert first.find("td").get("name", "").count("/") == 2  # the displayed date
    mine = inner(
        await post(
            http,
            "processxml.asmx",
            envelope(token, xml_string(columns(*wanted, office="NLA000001"))),
        )
    )
    other = inner(
        await post(
            http,
            "processxml.asmx",
            envelope(token, xml_string(columns(*wanted, office="NLA000002"))),
        )
    )
    assert (mine.get("total"), other.get("total")) == ("40", "0")
    unknown = inner(
        await post(http, "processxml.asmx", envelope(token, xml_string(columns("fin.trs.nothing"))))
    )
    assert unknown.get("result") == "0"


async def test_deleted_transactions_and_their_faults(
    app: FastAPI, served: tuple[httpx.AsyncClient, str]
) -> None:
    http, token = served
    admin = app.state.sandbox.data.get("NLA000001")
    victim = admin.of(EntityType.TRANSACTION_LINE)[0]
    for line in admin.of(EntityType.TRANSACTION_LINE):
        if (line["daybook_code"], line["entry_number"]) == (
            victim["daybook_code"],
            victim["entry_number"],
        ):
            admin.delete(EntityType.TRANSACTION_LINE, line["id"], T0)

    def query(company: str, date_from: str = "", date_to: str = "") -> str:
        dates = f"<b:DateFrom>{date_from}</b:DateFrom>" if date_from else ""
        dates += f"<b:DateTo>{date_to}</b:DateTo>" if date_to else ""
        return (
            f'<s:Envelope xmlns:s="{S11}"><s:Header><h:Authentication xmlns:h="{TWF}">'
            f'<AccessToken xmlns="{SHARED}">{token}</AccessToken></h:Authentication></s:Header>'
            f'<s:Body><Query xmlns="{TWF}" xmlns:i="http://www.w3.org/2001/XMLSchema-instance" '
            f'xmlns:b="{DEL}" i:type="b:GetDeletedTransactions"><b:CompanyCode>{company}'
            f"</b:CompanyCode>{dates}</Query></s:Body></s:Envelope>"
        )

    async def ask(body: str) -> httpx.Response:
        return await post(
            http, "DeletedTransactionsService.svc", body, "DeletedTransactionsService/Query"
        )

    survivor = next(
        r
        for r in admin.of(EntityType.TRANSACTION_LINE)
        if r["entry_number"] != victim["entry_number"]
    )
    admin.delete(EntityType.TRANSACTION_LINE, survivor["id"], T0)  # a line less: changed
    found = etree.fromstring((await ask(query("NLA000001", "2026-11-23"))).content)
    numbers = [n.text for n in found.iter(f"{{{DEL}}}TransactionNumber")]
    assert numbers == [str(victim["entry_number"])]
    later = etree.fromstring((await ask(query("NLA000001", "2026-11-24"))).content)
    assert not list(later.iter(f"{{{DEL}}}DeletedTransaction"))
    bad_dates = await ask(query("NLA000001", "2026-11-24", "2026-11-01"))
    assert bad_dates.status_code == 500 and b"InvalidDates" in bad_dates.content
    bad_company = await ask(query("NLA999999"))
    assert b"InvalidCompanyCode" in bad_company.content


async def test_the_token_endpoint_takes_basic_or_form_credentials_not_both(
    served: tuple[httpx.AsyncClient, str],
) -> None:
    http, _ = served

    async def exchange(**kwargs: Any) -> httpx.Response:
        code = (await http.get("/_sandbox/demo-credentials")).json()["code"]
        return await http.post(
            f"{OIDC}/token",
            data={"grant_type": "authorization_code", "code": code, **kwargs.pop("data", {})},
            **kwargs,
        )

    form = await exchange(data={"client_id": "ledgerbus-demo", "client_secret": "demo-secret"})
    assert form.status_code == 200
    wrong = await exchange(auth=("ledgerbus-demo", "wrong"))
    assert wrong.status_code == 401 and wrong.json() == {"error": "invalid_client"}
    both = await exchange(
        auth=("ledgerbus-demo", "demo-secret"), data={"client_secret": "demo-secret"}
    )
    assert both.status_code == 400 and both.json()["error"] == "invalid_request"


def test_vat_codes_are_twinfields_on_records_and_lines(app: FastAPI) -> None:
    sandbox = app.state.sandbox
    admin = sandbox.data.get("NLA000001")
    codes = {(r["vat_type"], r["percentage"]): r for r in admin.of(EntityType.VAT_CODE)}
    high_sales = next(r for (kind, pct), r in codes.items() if kind == "sales" and pct * 100 == 21)
    assert sandbox.render(EntityType.VAT_CODE, high_sales)["id"] == "VH"
    line = {**admin.of(EntityType.TRANSACTION_LINE)[0], "vat_code": high_sales["code"]}
    assert sandbox.render(EntityType.TRANSACTION_LINE, line)["fin.trs.line.vatcode"] == "VH"
    purchase = [r for (kind, _), r in codes.items() if kind == "purchase"]
    assert {sandbox.render(EntityType.VAT_CODE, r)["id"] for r in purchase} <= {"IH", "IL", "IN"}
