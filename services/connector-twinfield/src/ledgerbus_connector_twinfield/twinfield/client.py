"""A SOAP client on the toolkit's REST client: same budget, retries and error resolution.

Pages are addressed as ``PageRequest("finder", {...})`` or ``PageRequest("browse",
{...})``; the client turns them into SOAP calls to the cluster with the access token
and office in the SOAP header, and decodes the XML into plain dicts.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from xml.sax.saxutils import escape

import asyncpg
import httpx
from lxml import etree

from ledgerbus_connector_twinfield.adapters import entry_lines
from ledgerbus_connector_twinfield.twinfield import deleted
from ledgerbus_connector_twinfield.twinfield.oauth import ACCESS_TOKEN
from ledgerbus_connectorkit import RestClient, SyncAborted
from ledgerbus_contracts import ErrorKind

NS = {"soap": "http://schemas.xmlsoap.org/soap/envelope/", "twf": "http://www.twinfield.com/"}
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)
_NOT_OPTIONS = frozenset({"type", "firstRow", "maxRows", "search"})
"""Page params that are arguments of ``Search`` or the stream's own (``search``: which one)."""


def _envelope(token: str, office: str, body: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="'
        f'{NS["soap"]}" xmlns:twf="{NS["twf"]}"><soap:Header><twf:Header>'
        f"<twf:AccessToken>{escape(token)}</twf:AccessToken>"
        f"<twf:CompanyCode>{escape(office)}</twf:CompanyCode></twf:Header></soap:Header>"
        f"<soap:Body>{body}</soap:Body></soap:Envelope>"
    ).encode()


def finder_body(params: Mapping[str, str]) -> str:
    """A ``Search`` call; the other params become option pairs (``dimtype``, ``office``)."""
    options = "".join(
        f"<twf:ArrayOfString><twf:string>{escape(k)}</twf:string><twf:string>{escape(v)}"
        "</twf:string></twf:ArrayOfString>"
        for k, v in params.items()
        if k not in _NOT_OPTIONS
    )
    return (
        f"<twf:Search><twf:type>{escape(params['type'])}</twf:type><twf:pattern>*"
        f"</twf:pattern><twf:field>0</twf:field><twf:firstRow>{params['firstRow']}"
        f"</twf:firstRow><twf:maxRows>{params['maxRows']}</twf:maxRows>"
        f"<twf:options>{options}</twf:options></twf:Search>"
    )


def decode_finder(root: Any) -> dict[str, Any]:
    """The finder's ``TotalRows`` and its items as {column: text}."""
    data = root.find(".//twf:data", NS)
    columns = [s.text or "" for s in data.findall("twf:Columns/twf:string", NS)]
    items = [
        [s.text or "" for s in item.findall("twf:string", NS)]
        for item in data.findall("twf:Items/twf:ArrayOfString", NS)
    ]
    return {
        "total": int(data.findtext("twf:TotalRows", "0", NS)),
        "rows": [dict(zip(columns, item, strict=False)) for item in items],
    }


def decode_browse(root: Any) -> dict[str, Any]:
    """Browse rows as {field: text} with their ``key``; a refusal (``result="0"``) fails."""
    result = etree.fromstring(
        root.findtext(".//twf:ProcessXmlStringResult", "", NS).encode(), parser=_PARSER
    )
    if result.get("result") == "0":
        messages = result.xpath("//@msg")
        reason = "; ".join(str(m) for m in messages) or "no message"
        raise SyncAborted(ErrorKind.BUG, f"Twinfield refused a browse request: {reason[:300]}")
    rows = []
    for tr in result.findall("tr"):
        row = {td.get("field"): td.text or "" for td in tr.findall("td")}
        row["key"] = {child.tag: child.text or "" for child in tr.find("key")}
        rows.append(row)
    return {"rows": rows}


class TwinfieldClient(RestClient):
    """Calls the finder, ProcessXml and deleted-transactions services of one office.

    Browse pages leave their (daybook, number, line) keys in ``entry_lines`` and a
    deleted-transactions answer gets each transaction's highest line number from there.
    """

    def __init__(
        self,
        *,
        cluster_url: str,
        office: str,
        pool: asyncpg.Pool | None = None,
        connection_id: str = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.cluster_url, self.office = cluster_url.rstrip("/"), office
        self.pool, self.connection_id = pool, connection_id

    async def get_json(self, url: str, params: Mapping[str, str] | None = None) -> Any:
        payload = await super().get_json(url, params)
        if url == "finder" and (params or {}).get("dimtype"):
            for row in payload["rows"]:  # the finder answers code and name, not the type
                row["dimtype"] = (params or {})["dimtype"]
        if self.pool is None:
            return payload
        if url == "browse":
            keys = [
                (row["key"]["code"], row["key"]["number"], int(row["key"]["line"] or 0))
                for row in payload["rows"]
            ]
            async with self.pool.acquire() as conn:
                await entry_lines.remember(conn, self.connection_id, self.office, keys)
        elif url == "deleted":
            wanted = [(t["daybook"], t["number"]) for t in payload["transactions"]]
            async with self.pool.acquire() as conn:
                seen = await entry_lines.highest_lines(
                    conn, self.connection_id, self.office, wanted
                )
            for transaction in payload["transactions"]:
                transaction["lines"] = seen.get((transaction["daybook"], transaction["number"]), 0)
        return payload

    async def send(
        self, url: str, params: Mapping[str, str] | None, headers: dict[str, str]
    ) -> httpx.Response:
        params = params or {}
        if url == "deleted":
            return await self.http.post(
                f"{self.cluster_url}/webservices/{deleted.PATH}",
                content=deleted.envelope(
                    headers[ACCESS_TOKEN], self.office, params.get("from", "")
                ),
                headers={"Content-Type": "text/xml; charset=utf-8", "SOAPAction": deleted.ACTION},
            )
        if url == "finder":
            body = finder_body({**params, "office": self.office})
            service, action = "finder.asmx", "Search"
        else:
            service, action = "processxml.asmx", "ProcessXmlString"
            body = (
                f"<twf:ProcessXmlString><twf:xmlRequest><![CDATA[{params['xml']}]]>"
                "</twf:xmlRequest></twf:ProcessXmlString>"
            )
        return await self.http.post(
            f"{self.cluster_url}/webservices/{service}",
            content=_envelope(headers[ACCESS_TOKEN], self.office, body),
            headers={
                "Content-Type": "text/xml; charset=utf-8",
                "SOAPAction": f"http://www.twinfield.com/{action}",
            },
        )

    def decode(self, response: httpx.Response) -> Any:
        try:
            root = etree.fromstring(response.content, parser=_PARSER)
        except etree.XMLSyntaxError as exc:
            raise ValueError(str(exc)) from exc
        if root.find(".//twf:data", NS) is not None:
            return decode_finder(root)
        if root.find(".//twf:Result", NS) is not None:
            return {"transactions": deleted.decode(root)}
        return decode_browse(root)

    def describe(self, url: str, params: Mapping[str, str] | None) -> str:
        kind = (params or {}).get("type", url)
        return f"POST twinfield {url} {kind}"
