"""SOAP 1.1 envelopes as Twinfield's web services read and write them."""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

SOAP = "http://schemas.xmlsoap.org/soap/envelope/"
TWF = "http://www.twinfield.com/"
NS = {"soap": SOAP, "twf": TWF}


@dataclass(frozen=True)
class SoapCall:
    """The parts of a request the services need."""

    access_token: str | None
    company: str | None
    operation: etree._Element


def parse(body: bytes) -> SoapCall:
    """Header credentials and the body's operation element (raises ValueError when invalid)."""
    try:
        root = etree.fromstring(
            body, parser=etree.XMLParser(resolve_entities=False, no_network=True)
        )
    except etree.XMLSyntaxError as exc:
        raise ValueError(f"invalid XML: {exc}") from exc
    operation = root.find("soap:Body/*", NS)
    if operation is None:
        raise ValueError("the SOAP envelope has no body")
    return SoapCall(
        access_token=root.findtext("soap:Header/twf:Header/twf:AccessToken", namespaces=NS),
        company=root.findtext("soap:Header/twf:Header/twf:CompanyCode", namespaces=NS),
        operation=operation,
    )


def envelope(body: etree._Element) -> bytes:
    """A response envelope around ``body``."""
    root = etree.Element(f"{{{SOAP}}}Envelope", nsmap={"soap": SOAP})
    etree.SubElement(root, f"{{{SOAP}}}Body").append(body)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="utf-8"))


def fault(message: str, code: int) -> bytes:
    """A SOAP fault with Twinfield's ``detail`` (message, code)."""
    body = etree.Element(f"{{{SOAP}}}Fault")
    etree.SubElement(body, "faultcode").text = "soap:Server"
    etree.SubElement(body, "faultstring").text = message
    detail = etree.SubElement(body, "detail")
    etree.SubElement(detail, "message").text = message
    etree.SubElement(detail, "code").text = str(code)
    return envelope(body)


def twf(tag: str) -> str:
    return f"{{{TWF}}}{tag}"
