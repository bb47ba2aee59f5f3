"""The offices a Twinfield connection reaches: ProcessXml ``<list><type>offices</type></list>``.

Twinfield answers it without a CompanyCode (``<offices result="1"><office name=".."
shortname="..">code</office>..``, php-twinfield's recorded response), on the cluster
the access token names.
"""

from __future__ import annotations

from typing import Any

import httpx
from lxml import etree

from ledgerbus_connector_twinfield.twinfield.client import NS, TwinfieldClient
from ledgerbus_connectorkit import SyncAborted
from ledgerbus_connectorkit.package import Administration
from ledgerbus_contracts import ErrorKind

LIST_OFFICES = "<list><type>offices</type></list>"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)


class OfficesClient(TwinfieldClient):
    """A Twinfield client that reads the offices list (and nothing else)."""

    def decode(self, response: httpx.Response) -> Any:
        """``[(code, name)]`` of the ``<offices>`` answer; a refusal fails."""
        try:
            envelope = etree.fromstring(response.content, parser=_PARSER)
            text = envelope.findtext(".//twf:ProcessXmlStringResult", "", NS)
            answer = etree.fromstring(text.encode(), parser=_PARSER)
        except etree.XMLSyntaxError as exc:
            raise ValueError(str(exc)) from exc
        if answer.get("result") != "1":
            reason = "; ".join(str(m) for m in answer.xpath("//@msg")) or "no message"
            raise SyncAborted(ErrorKind.CONFIGURATION, f"Twinfield listed no offices: {reason}")
        return [((o.text or "").strip(), o.get("name") or "") for o in answer.findall("office")]


async def list_offices(client: OfficesClient) -> list[Administration]:
    """The offices of the client's connection."""
    offices = await client.get_json("processxml", {"xml": LIST_OFFICES})
    return [Administration(code=code, name=name) for code, name in offices if code]
