"""SOAP 1.1 and 1.2 envelopes as Twinfield's ASMX and WCF services read and write them.

A request is checked the way an ASMX server checks it: the envelope namespace names
the SOAP version; SOAP 1.1 needs ``Content-Type: text/xml`` and a ``SOAPAction``
header naming an operation of the service, SOAP 1.2 needs
``application/soap+xml`` (its ``action`` parameter, when given, must name one); the
body's first element must be an operation of the service. Every refusal is a fault
in the request's SOAP version (1.1 when the version cannot be told).
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/"
SOAP12 = "http://www.w3.org/2003/05/soap-envelope"
SOAP = SOAP11
TWF = "http://www.twinfield.com/"
SHARED = "http://schemas.datacontract.org/2004/07/Twinfield.WebServices.Shared"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
NS = {"soap": SOAP11, "soap12": SOAP12, "twf": TWF, "shared": SHARED}
CONTENT_TYPES = {SOAP11: "text/xml; charset=utf-8", SOAP12: "application/soap+xml; charset=utf-8"}
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


class SoapFault(Exception):
    """A refusal answered as a SOAP fault: message, Twinfield code, HTTP status, who erred."""

    def __init__(
        self,
        message: str,
        code: int,
        status: int = 500,
        *,
        client: bool = False,
        extra: etree._Element | None = None,
    ) -> None:
        super().__init__(message)
        self.message, self.code, self.status, self.client = message, code, status, client
        self.extra = extra
        """A service's own fault detail (a WCF fault contract), beside message and code."""


@dataclass(frozen=True)
class SoapCall:
    """The parts of a request the services need."""

    version: str
    """The envelope namespace (:data:`SOAP11` or :data:`SOAP12`)."""
    access_token: str | None
    company: str | None
    operation: etree._Element


def version_of(body: bytes) -> str:
    """The SOAP version a body claims (1.1 when it cannot be told)."""
    return SOAP12 if SOAP12.encode() in body[:2000] else SOAP11


def parse(
    body: bytes, content_type: str, soap_action: str | None, actions: dict[str, str]
) -> SoapCall:
    """Check and parse a request for a service whose operations are ``actions`` (name: URI)."""
    try:
        root = etree.fromstring(body, parser=PARSER)
    except etree.XMLSyntaxError as exc:
        raise SoapFault(f"Invalid XML data: {exc}", 187, client=True) from exc
    version = etree.QName(root).namespace
    if etree.QName(root).localname != "Envelope" or version not in (SOAP11, SOAP12):
        raise SoapFault("The request is not a SOAP 1.1 or 1.2 envelope.", 187, client=True)
    media = content_type.split(";")[0].strip().lower()
    expected = "text/xml" if version == SOAP11 else "application/soap+xml"
    if media != expected:
        raise SoapFault(
            f"Unsupported media type {media or '(none)'!r}; a SOAP "
            f"{'1.1' if version == SOAP11 else '1.2'} request is {expected}.",
            100,
            415,
            client=True,
        )
    operation = root.find(f"{{{version}}}Body/*")
    if operation is None:
        raise SoapFault("The SOAP envelope has no body element.", 100, client=True)
    name = etree.QName(operation)
    if name.namespace != TWF or name.localname not in actions:
        raise SoapFault(
            f"Server did not recognize the request element {name.localname!r}.", 100, client=True
        )
    action = soap_action if version == SOAP11 else _action_parameter(content_type)
    if version == SOAP11 and action is None:
        raise SoapFault("The request has no SOAPAction HTTP header.", 100, client=True)
    if action is not None and action.strip('"') != actions[name.localname]:
        raise SoapFault(
            f"Server did not recognize the value of HTTP Header SOAPAction: {action}.",
            100,
            client=True,
        )
    header = root.find(f"{{{version}}}Header")
    token = company = None
    if header is not None:
        token = header.findtext("twf:Header/twf:AccessToken", namespaces=NS) or header.findtext(
            "twf:Authentication/shared:AccessToken", namespaces=NS
        )
        company = header.findtext("twf:Header/twf:CompanyCode", namespaces=NS) or header.findtext(
            "twf:Authentication/shared:CompanyCode", namespaces=NS
        )
    return SoapCall(version, token, company or None, operation)


def _action_parameter(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "action":
            return value.strip('"')
    return None


def envelope(body: etree._Element, version: str = SOAP11) -> bytes:
    """A response envelope around ``body``."""
    root = etree.Element(f"{{{version}}}Envelope", nsmap={"soap": version})
    etree.SubElement(root, f"{{{version}}}Body").append(body)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="utf-8"))


def fault(
    message: str,
    code: int,
    version: str = SOAP11,
    *,
    client: bool = False,
    extra: etree._Element | None = None,
) -> bytes:
    """A SOAP fault in the request's version with Twinfield's ``detail`` (message, code)."""
    if version == SOAP12:
        body = etree.Element(f"{{{SOAP12}}}Fault")
        value = etree.SubElement(etree.SubElement(body, f"{{{SOAP12}}}Code"), f"{{{SOAP12}}}Value")
        value.text = "soap:Sender" if client else "soap:Receiver"
        reason = etree.SubElement(body, f"{{{SOAP12}}}Reason")
        text = etree.SubElement(reason, f"{{{SOAP12}}}Text")
        text.set("{http://www.w3.org/XML/1998/namespace}lang", "en")
        text.text = message
        detail = etree.SubElement(body, f"{{{SOAP12}}}Detail")
    else:
        body = etree.Element(f"{{{SOAP11}}}Fault")
        etree.SubElement(body, "faultcode").text = "soap:Client" if client else "soap:Server"
        etree.SubElement(body, "faultstring").text = message
        detail = etree.SubElement(body, "detail")
    etree.SubElement(detail, "message").text = message
    etree.SubElement(detail, "code").text = str(code)
    if extra is not None:
        detail.append(extra)
    return envelope(body, version)


def twf(tag: str) -> str:
    """``tag`` in Twinfield's namespace."""
    return f"{{{TWF}}}{tag}"
