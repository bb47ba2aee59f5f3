"""The WSDLs the Twinfield sandbox serves describe what Twinfield's published ones do.

The facts below are written down by us from Twinfield's published ``processxml.asmx`` and
``finder.asmx`` WSDLs (Twinfield/TwinfieldIntegrationSamples, and the live copies
pronamic/wp-twinfield keeps): per port, each operation's SOAPAction and the signatures a
client library (zeep) derives for its input (with the SOAP header) and output.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
import zeep

from ledgerbus_sandboxes.twinfield import create_app

HEADER = "_soapheaders={Header: ns0:Header}"
SEARCH = (
    "type: xsd:string, pattern: xsd:string, field: xsd:int, firstRow: xsd:int, "
    f"maxRows: xsd:int, options: ns0:ArrayOfArrayOfString, {HEADER}"
)
PROCESSXML = {
    "ProcessXmlString": (f"xmlRequest: xsd:string, {HEADER}", "ProcessXmlStringResult: xsd:string"),
    "ProcessXmlDocument": (
        f"xmlRequest: {{_value_1: ANY}}, {HEADER}",
        "ProcessXmlDocumentResult: {_value_1: ANY}",
    ),
    "ProcessXmlCompressed": (
        f"xmlRequest: xsd:base64Binary, {HEADER}",
        "ProcessXmlCompressedResult: xsd:base64Binary",
    ),
}
FINDER = {"Search": (SEARCH, "SearchResult: ns0:ArrayOfMessageOfErrorCodes, data: ns0:FinderData")}
PUBLISHED: dict[str, dict[str, dict[str, tuple[str, str]]]] = {
    "processxml.asmx": {"ProcessXmlSoap": PROCESSXML, "ProcessXmlSoap12": PROCESSXML},
    "finder.asmx": {"FinderSoap": FINDER, "FinderSoap12": FINDER},
}
TYPES = {
    "finder.asmx": {
        "Header": ["SessionID", "AccessToken", "CompanyCode", "CompanyId"],
        "FinderData": ["TotalRows", "Columns", "Items"],
        "MessageOfErrorCodes": ["Type", "Text", "Code", "Parameters"],
    },
    "processxml.asmx": {"Header": ["SessionID", "AccessToken", "CompanyCode", "CompanyId"]},
}


async def served_wsdl(service: str, tmp_path: Path) -> Any:
    transport = httpx.ASGITransport(app=create_app())
    async with httpx.AsyncClient(transport=transport, base_url="http://sandbox") as http:
        response = await http.get(f"/webservices/{service}", params={"wsdl": ""})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/xml")
    path = tmp_path / f"{service}.wsdl"
    path.write_bytes(response.content)
    return zeep.Client(str(path))  # type: ignore[no-untyped-call]


@pytest.mark.parametrize("service", sorted(PUBLISHED))
async def test_the_served_wsdl_has_the_published_operations_and_signatures(
    service: str, tmp_path: Path
) -> None:
    client = await served_wsdl(service, tmp_path)
    (endpoint,) = client.wsdl.services.values()
    found = {
        port.name: {
            op.name: (
                op.soapaction,
                op.input.signature(as_output=False),
                op.output.signature(as_output=True),
            )
            for op in port.binding._operations.values()
        }
        for port in endpoint.ports.values()
    }
    assert found == {
        port: {
            name: (f"http://www.twinfield.com/{name}", given, answer)
            for name, (given, answer) in operations.items()
        }
        for port, operations in PUBLISHED[service].items()
    }
    assert {p.binding.__class__.__name__ for p in endpoint.ports.values()} == {
        "Soap11Binding",
        "Soap12Binding",
    }
    for type_name, fields in TYPES[service].items():
        declared = client.get_type(f"{{http://www.twinfield.com/}}{type_name}")
        assert [name for name, _ in declared.elements] == fields, type_name
    assert all(
        p.binding_options["address"] == f"http://sandbox/webservices/{service}"
        for p in endpoint.ports.values()
    )
