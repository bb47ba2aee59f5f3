"""The Twinfield sandbox's ProcessXml writes: php-twinfield's transaction and dimension XML
accepted unchanged, refusals with ``result="0"`` and the message on the element at fault,
what is accepted served by browse 000, write faults booked and then answered late."""

from __future__ import annotations

from decimal import Decimal
from xml.sax.saxutils import escape

import httpx
from lxml import etree

from ledgerbus_contracts import EntityType
from ledgerbus_sandboxes.twinfield import create_app
from ledgerbus_sandboxes.twinfield.soap import NS

OFFICE = "NLA000001"
SALES = """<transactions>
    <transaction destiny="final" raisewarning="false">
        <header>
            <office>NLA000001</office><code>VRK</code><currency>EUR</currency>
            <date raisewarning="false">20261130</date>
            <invoicenumber raisewarning="false">LB0001</invoicenumber>
        </header>
        <lines>
            <line type="total" id="1">
                <dim1>1020</dim1><dim2>{debtor}</dim2>
                <debitcredit>debit</debitcredit><value>121</value>
            </line>
            <line type="detail" id="2">
                <dim1>4300</dim1><debitcredit>credit</debitcredit><value>100</value>
                <description>Outfit</description><vatcode>VH</vatcode>
            </line>
        </lines>
    </transaction>
</transactions>"""
JOURNAL = """<transaction destiny="final"><header><code>MEM</code><date>20261130</date>
<office>NLA000001</office></header><lines>
<line type="detail" id="1"><dim1>{first}</dim1><debitcredit>debit</debitcredit>
<value>50</value><invoicenumber>LBJ</invoicenumber></line>
<line type="detail" id="2"><dim1>1070</dim1><debitcredit>credit</debitcredit>
<value>{credit}</value><invoicenumber>LBJ</invoicenumber></line></lines></transaction>"""
CUSTOMER = """<dimensions><dimension><name>Nieuw BV</name><type>DEB</type><code>1001</code>
<office>NLA000001</office><addresses><address type="invoice" default="true">
<email>nieuw@example.com</email><field4>NL001B01</field4></address></addresses>
</dimension></dimensions>"""


async def _token(http: httpx.AsyncClient) -> str:
    code = (await http.get("/_sandbox/demo-credentials")).json()["code"]
    tokens = await http.post(
        "/auth/authentication/connect/token",
        data={
            "grant_type": "authorization_code",
            "code": code,
            "client_id": "ledgerbus-demo",
            "client_secret": "demo-secret",
        },
    )
    return str(tokens.json()["access_token"])


async def _process(http: httpx.AsyncClient, token: str, xml: str) -> httpx.Response:
    body = (
        '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"'
        ' xmlns:twf="http://www.twinfield.com/"><soap:Header><twf:Header>'
        f"<twf:AccessToken>{token}</twf:AccessToken><twf:CompanyCode>{OFFICE}</twf:CompanyCode>"
        "</twf:Header></soap:Header><soap:Body><twf:ProcessXmlString><twf:xmlRequest>"
        f"{escape(xml)}</twf:xmlRequest></twf:ProcessXmlString></soap:Body></soap:Envelope>"
    )
    return await http.post(
        "/webservices/processxml.asmx",
        content=body,
        headers={
            "Content-Type": "text/xml; charset=utf-8",
            "SOAPAction": "http://www.twinfield.com/ProcessXmlString",
        },
    )


def _answer(response: httpx.Response) -> etree._Element:
    assert response.status_code == 200, response.text
    text = etree.fromstring(response.content).findtext(".//twf:ProcessXmlStringResult", "", NS)
    return etree.fromstring(text.encode())


async def _lines(http: httpx.AsyncClient, invoice: str) -> list[dict[str, str]]:
    rows = (
        await http.get(f"/_sandbox/administrations/{OFFICE}/records/{EntityType.TRANSACTION_LINE}")
    ).json()["records"]
    return [r for r in rows if r["fin.trs.line.invnumber"] == invoice]


async def test_php_twinfields_customer_and_sales_transaction_are_booked_balanced() -> None:
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=create_app()), base_url="http://twinfield"
    ) as http:
        token = await _token(http)
        customer = _answer(await _process(http, token, CUSTOMER))
        sale = _answer(await _process(http, token, SALES.format(debtor="1001")))
        lines = await _lines(http, "LB0001")
        unknown = _answer(await _process(http, token, SALES.format(debtor="9999")))
    assert customer.get("result") == "1" and customer.findtext("dimension/code") == "1001"
    assert sale.get("result") == "1"
    assert sale.find("transaction").get("result") == "1"
    assert sale.findtext("transaction/header/number")
    assert len(lines) == 3
    assert sum(Decimal(r["fin.trs.line.valuesigned"]) for r in lines) == 0
    assert {r["fin.trs.head.relation"] for r in lines} == {"1001"}
    assert unknown.get("result") == "0"
    failing = unknown.find(".//dim2")
    assert failing.get("msgtype") == "error" and "9999 bestaat niet" in failing.get("msg")


async def test_a_journal_transaction_balances_or_is_refused_and_faults_book_then_fail() -> None:
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=create_app()), base_url="http://twinfield"
    ) as http:
        token = await _token(http)
        unbalanced = _answer(await _process(http, token, JOURNAL.format(first=1060, credit=49)))
        unknown = _answer(await _process(http, token, JOURNAL.format(first=7777, credit=50)))
        assert not await _lines(http, "LBJ")
        queued = await http.post(
            "/_sandbox/write-faults", json={"path_contains": "transaction", "status": 503}
        )
        assert queued.status_code == 201
        late = await _process(http, token, JOURNAL.format(first=1060, credit=50))
        lines = await _lines(http, "LBJ")
        pending = (await http.get("/_sandbox/write-faults")).json()
    assert unbalanced.get("result") == "0" and unbalanced.get("msgtype") == "error"
    assert "niet in balans" in unbalanced.get("msg")
    assert unknown.find(".//dim1").get("msg") == "Grootboekrekening 7777 bestaat niet."
    assert late.status_code == 503 and pending == []
    assert sorted(Decimal(r["fin.trs.line.valuesigned"]) for r in lines) == [-50, 50]
