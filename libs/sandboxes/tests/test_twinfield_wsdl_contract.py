"""Contract: zeep, a standard SOAP client, loads the WSDLs the Twinfield sandbox serves and
calls every operation connector-twinfield uses, ProcessXmlDocument, ``<list
type="offices">`` and the finder's ``OFF`` type, over SOAP 1.1 and 1.2."""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import zlib
from collections.abc import AsyncIterator, Callable
from typing import Any, TypeVar

import httpx
import pytest
import zeep
from lxml import etree

from ledgerbus_contracts import EntityType
from ledgerbus_sandboxes.common import DataSizes
from ledgerbus_sandboxes.common.control import FollowingClock
from ledgerbus_sandboxes.twinfield import TwinfieldSandboxConfig, create_app
from ledgerbus_servicekit import FakeClock
from ledgerbus_servicekit.testing import served_app

T0 = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)
OIDC = "/auth/authentication/connect"
R = TypeVar("R")


@pytest.fixture
async def sandbox() -> AsyncIterator[tuple[str, str, Any]]:
    """(base URL, access token, sandbox state) of a served sandbox."""
    sizes = DataSizes(gl_accounts=12, contacts=6, transaction_lines=30)
    app = create_app(TwinfieldSandboxConfig(sizes=sizes), FollowingClock(FakeClock(T0)))
    async with served_app(app) as url, httpx.AsyncClient(base_url=url) as http:
        code = (await http.get("/_sandbox/demo-credentials")).json()["code"]
        tokens = await http.post(
            f"{OIDC}/token",
            data={"grant_type": "authorization_code", "code": code},
            auth=("ledgerbus-demo", "demo-secret"),
        )
        assert tokens.status_code == 200, tokens.text
        yield url, tokens.json()["access_token"], app.state.sandbox


async def blocking(call: Callable[[], R]) -> R:
    """zeep is synchronous: run it beside the event loop that serves the sandbox."""
    return await asyncio.to_thread(call)


def client(url: str, service: str, soap12: bool = False) -> tuple[zeep.Client, Any]:
    loaded = zeep.Client(f"{url}/webservices/{service}?wsdl")  # type: ignore[no-untyped-call]
    names = {
        "processxml.asmx": "ProcessXmlSoap",
        "finder.asmx": "FinderSoap",
        "DeletedTransactionsService.svc": "BasicHttpBinding_DeletedTransactionsService",
    }
    port = names[service] + ("12" if soap12 else "")
    binding = next(iter(loaded.wsdl.services.values())).ports[port].binding
    address = f"{url}/webservices/{service}"
    return loaded, loaded.create_service(binding.name, address)  # type: ignore[no-untyped-call]


def header(token: str, office: str | None = "NLA000001") -> dict[str, Any]:
    return {"Header": {"AccessToken": token, "CompanyCode": office, "CompanyId": None}}


@pytest.mark.parametrize("soap12", [False, True])
async def test_processxml_string_document_and_compressed(
    sandbox: tuple[str, str, Any], soap12: bool
) -> None:
    url, token, _ = sandbox
    _, service = await blocking(lambda: client(url, "processxml.asmx", soap12))
    offices = await blocking(
        lambda: service.ProcessXmlString(
            xmlRequest="<list><type>offices</type></list>", _soapheaders=header(token, None)
        )
    )
    listed = etree.fromstring(offices.encode())
    assert [o.text for o in listed.iter("office")] == ["NLA000001", "NLA000002"]
    document = await blocking(
        lambda: service.ProcessXmlDocument(
            xmlRequest={"_value_1": etree.fromstring("<list><type>offices</type></list>")},
            _soapheaders=header(token, None),
        )
    )
    answer = document[0] if isinstance(document, list) else document
    assert answer.tag == "offices" and answer.get("result") == "1"
    browse = (
        "<columns code='000'><column><field>fin.trs.line.valuesigned</field></column></columns>"
    )
    packed = await blocking(
        lambda: service.ProcessXmlCompressed(
            xmlRequest=zlib.compress(browse.encode()), _soapheaders=header(token)
        )
    )
    rows = etree.fromstring(zlib.decompress(packed))
    assert rows.tag == "browse" and rows.get("total") == "30"
    assert {td.get("type") for td in rows.iter("td")} == {"Value"}
    assert base64.b64encode(packed)  # bytes, as base64Binary decodes


@pytest.mark.parametrize("soap12", [False, True])
async def test_the_finder_searches_dimensions_and_offices(
    sandbox: tuple[str, str, Any], soap12: bool
) -> None:
    url, token, state = sandbox
    loaded, service = await blocking(lambda: client(url, "finder.asmx", soap12))
    options = loaded.get_type("ns0:ArrayOfArrayOfString")  # type: ignore[no-untyped-call]
    pairs = options(ArrayOfString=[{"string": ["dimtype", "BAS"]}])
    found = await blocking(
        lambda: service.Search(
            type="DIM",
            pattern="*",
            field=0,
            firstRow=1,
            maxRows=100,
            options=pairs,
            _soapheaders=header(token),
        )
    )
    assert not found.SearchResult
    columns = found.data.Columns.string
    assert columns[:2] == ["Code", "Naam"]
    accounts = {r["code"]: r["name"] for r in state.data.get("NLA000001").of(EntityType.GL_ACCOUNT)}
    items = [row.string for row in found.data.Items.ArrayOfString]
    assert all(accounts[item[0]] == item[1] for item in items) and items
    offices = await blocking(
        lambda: service.Search(
            type="OFF", pattern="*", field=0, firstRow=1, maxRows=10, _soapheaders=header(token)
        )
    )
    assert [row.string[0] for row in offices.data.Items.ArrayOfString] == [
        "NLA000001",
        "NLA000002",
    ]
    unknown = await blocking(
        lambda: service.Search(
            type="XYZ", pattern="*", field=0, firstRow=1, maxRows=10, _soapheaders=header(token)
        )
    )
    assert unknown.data is None
    assert [m.Code for m in unknown.SearchResult.MessageOfErrorCodes] == ["InvalidFinderType"]


async def test_the_searches_and_the_browse_a_connector_reads(
    sandbox: tuple[str, str, Any],
) -> None:
    url, token, state = sandbox
    admin = state.data.get("NLA000001")
    loaded, finder = await blocking(lambda: client(url, "finder.asmx"))
    options = loaded.get_type("ns0:ArrayOfArrayOfString")  # type: ignore[no-untyped-call]
    office = options(ArrayOfString=[{"string": ["office", "NLA000001"]}])
    for kind, entity_type in (
        ("VAT", EntityType.VAT_CODE),
        ("TRS", EntityType.DAYBOOK),
        ("PRD", EntityType.FISCAL_PERIOD),
        ("PAY", EntityType.PAYMENT_TERM),
    ):

        def search(kind: str = kind) -> Any:
            return finder.Search(
                type=kind,
                pattern="*",
                field=0,
                firstRow=1,
                maxRows=500,
                options=office,
                _soapheaders=header(token),
            )

        found = await blocking(search)
        assert found.data.TotalRows == len(admin.of(entity_type)), kind
        assert found.data.Columns.string[:2] == ["Code", "Naam"]
    _, processxml = await blocking(lambda: client(url, "processxml.asmx"))
    request = (
        '<columns code="000"><column><field>fin.trs.head.yearperiod</field>'
        "<operator>between</operator><from>2026/01</from><to>2026/12</to></column>"
        "<column><field>fin.trs.head.status</field><operator>equal</operator>"
        "<from>normal</from></column><column><field>fin.trs.line.valuesigned</field></column>"
        "</columns>"
    )
    text = await blocking(
        lambda: processxml.ProcessXmlString(xmlRequest=request, _soapheaders=header(token))
    )
    rows = etree.fromstring(text.encode()).findall("tr")
    expected = [r for r in admin.of(EntityType.TRANSACTION_LINE) if r["fiscal_year"] == 2026]
    assert len(rows) == len(expected) and rows


async def test_deleted_transactions_are_queried(sandbox: tuple[str, str, Any]) -> None:
    url, token, state = sandbox
    admin = state.data.get("NLA000001")
    victim = admin.of(EntityType.TRANSACTION_LINE)[0]
    for line in admin.of(EntityType.TRANSACTION_LINE):
        if line["entry_number"] == victim["entry_number"]:
            admin.delete(EntityType.TRANSACTION_LINE, line["id"], T0)
    _, service = await blocking(lambda: client(url, "DeletedTransactionsService.svc"))
    authentication = {"Authentication": {"AccessToken": token, "CompanyCode": "NLA000001"}}
    result = await blocking(
        lambda: service.Query(
            CompanyCode="NLA000001",
            DateFrom=T0.replace(tzinfo=None),
            _soapheaders=authentication,
        )
    )
    deleted = result  # zeep unwraps the Result's single array
    assert [(d.Daybook, int(d.TransactionNumber)) for d in deleted] == [
        (victim["daybook_code"], victim["entry_number"])
    ]
