"""The WSDLs the sandbox serves, built from the facts of Twinfield's published ones.

``processxml.asmx`` and ``finder.asmx`` are ASMX services: one port type, a SOAP 1.1
and a SOAP 1.2 binding, the ``Header`` (SessionID, AccessToken, CompanyCode,
CompanyId) as a SOAP header of every input, document/literal, SOAPAction
``http://www.twinfield.com/<operation>`` (the processxml.wsdl of
``Twinfield/TwinfieldIntegrationSamples``; the finder's types as its generated
``Reference.cs`` and the finder.wsdl of ``Twinfield/twinfield-api-reference`` show
them; the current error codes as ``pronamic/wp-twinfield`` keeps Twinfield's live WSDLs).
``DeletedTransactionsService.svc`` is a WCF service in the shape of Twinfield's
``PeriodService.svc`` (the copy ``pronamic/wp-twinfield`` keeps): message parts
``Query`` and ``Result``, headers ``Authentication`` and ``SessionId``, one
``BasicHttpBinding``, SOAPAction ``http://www.twinfield.com/DeletedTransactionsService/Query``,
with the data contracts of Twinfield's deleted-transactions reference page. The
schemas are inline here (Twinfield's WCF WSDL imports them from ``?xsd=xsdN``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from lxml import etree

from ledgerbus_sandboxes.twinfield.soap import SHARED, TWF

WSDL = "http://schemas.xmlsoap.org/wsdl/"
XS = "http://www.w3.org/2001/XMLSchema"
WSOAP = "http://schemas.xmlsoap.org/wsdl/soap/"
WSOAP12 = "http://schemas.xmlsoap.org/wsdl/soap12/"
MSTYPES = "http://microsoft.com/wsdl/types/"
WEBSERVICES = "http://schemas.datacontract.org/2004/07/Twinfield.WebServices"
DELETED = "http://schemas.datacontract.org/2004/07/Twinfield.WebServices.DeletedTransactionsService"
SER = "http://schemas.microsoft.com/2003/10/Serialization/"
HTTP_TRANSPORT = "http://schemas.xmlsoap.org/soap/http"
DELETED_ACTION = "http://www.twinfield.com/DeletedTransactionsService/Query"

_NSMAP = {
    "wsdl": WSDL,
    "s": XS,
    "soap": WSOAP,
    "soap12": WSOAP12,
    "tns": TWF,
    "s1": MSTYPES,
    "q": WEBSERVICES,
    "d": DELETED,
    "sh": SHARED,
}
FINDER_ERROR_CODES = [
    "NoAccessToOffice",
    "OptionNotAllowed",
    "InvalidBooleanOptionValue",
    "InvalidIntegerOptionValue",
    "InvalidDecimalOptionValue",
    "InvalidEnumerationOptionValue",
    "OptionValueOutOfRange",
    "ParameterOutOfRange",
    "InvalidFinderType",
    "ParameterTooSmall",
    "OptionLevelMandatoryForSectionTeq",
    "OptionIcIncompatibleWithOptionHidden",
    "InvalidDateTimeOptionLength",
    "InvalidDateTimeOptionValue",
    "InvalidDateTimeOptionOutOfRange",
    "OptionMandatory",
    "AccessDenied",
    "DisableAccessRulesNotAllowed",
    "Option1MandatoryIfOption2IsUsed",
    "OptionAvailableForAbnAmroSignUpOnlyIsIncompatibleWithOfficeWildCard",
    "OptionCompanyAndOptionOfficeCannotBeBothProvided",
]


def _el(parent: etree._Element, ns: str, tag: str, **attrs: str) -> etree._Element:
    return etree.SubElement(parent, f"{{{ns}}}{tag}", {k.rstrip("_"): v for k, v in attrs.items()})


class _Schema:
    """Writes ``xs:`` declarations into one schema element."""

    def __init__(self, types: etree._Element, namespace: str) -> None:
        self.root = _el(types, XS, "schema", elementFormDefault="qualified")
        self.root.set("targetNamespace", namespace)

    def element(self, name: str, type_: str | None = None, **attrs: str) -> etree._Element:
        extra = {"type": type_} if type_ else {}
        return _el(self.root, XS, "element", name=name, **extra, **attrs)

    def sequence(
        self, parent: etree._Element, fields: list[tuple[str, str, str]], *, name: str | None = None
    ) -> etree._Element:
        """A complex type (named, or anonymous inside ``parent``) of (name, type, occurs) fields.

        ``occurs``: ``"?"`` optional, ``"1"`` required, ``"*"`` repeated, ``"n"`` nillable.
        """
        complex_type = _el(parent, XS, "complexType", **({"name": name} if name else {}))
        sequence = _el(complex_type, XS, "sequence")
        for field, type_, occurs in fields:
            attrs = {
                "minOccurs": "1" if occurs in "1n" else "0",
                "maxOccurs": "unbounded" if occurs == "*" else "1",
            }
            if occurs in "*n":
                attrs["nillable"] = "true"
            _el(sequence, XS, "element", name=field, type=type_, **attrs)
        return complex_type

    def wrapper(self, name: str, fields: list[tuple[str, str, str]]) -> None:
        self.sequence(self.element(name), fields)

    def any_wrapper(self, name: str, child: str) -> None:
        """An element with one child that holds any XML (``ProcessXmlDocument``)."""
        sequence = _el(_el(self.element(name), XS, "complexType"), XS, "sequence")
        item = _el(sequence, XS, "element", minOccurs="0", maxOccurs="1", name=child)
        mixed = _el(item, XS, "complexType", mixed="true")
        _el(_el(mixed, XS, "sequence"), XS, "any")

    def enumeration(self, name: str, values: list[str]) -> None:
        restriction = _el(_el(self.root, XS, "simpleType", name=name), XS, "restriction")
        restriction.set("base", "s:string")
        for value in values:
            _el(restriction, XS, "enumeration", value=value)


def _asmx_header(schema: _Schema) -> None:
    schema.element("Header", "tns:Header")
    header = schema.sequence(
        schema.root,
        [
            ("SessionID", "s:string", "?"),
            ("AccessToken", "s:string", "?"),
            ("CompanyCode", "s:string", "?"),
            ("CompanyId", "s1:guid", "n"),
        ],
        name="Header",
    )
    _el(header, XS, "anyAttribute")


def _guid_schema(types: etree._Element) -> None:
    schema = _Schema(types, MSTYPES)
    restriction = _el(_el(schema.root, XS, "simpleType", name="guid"), XS, "restriction")
    restriction.set("base", "s:string")
    _el(restriction, XS, "pattern", value="[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}")


def _processxml_types(types: etree._Element) -> None:
    schema = _Schema(types, TWF)
    _el(schema.root, XS, "import", namespace=MSTYPES)
    schema.wrapper("ProcessXmlString", [("xmlRequest", "s:string", "?")])
    schema.wrapper("ProcessXmlStringResponse", [("ProcessXmlStringResult", "s:string", "?")])
    schema.any_wrapper("ProcessXmlDocument", "xmlRequest")
    schema.any_wrapper("ProcessXmlDocumentResponse", "ProcessXmlDocumentResult")
    schema.wrapper("ProcessXmlCompressed", [("xmlRequest", "s:base64Binary", "?")])
    schema.wrapper(
        "ProcessXmlCompressedResponse", [("ProcessXmlCompressedResult", "s:base64Binary", "?")]
    )
    _asmx_header(schema)
    _guid_schema(types)


def _finder_types(types: etree._Element) -> None:
    schema = _Schema(types, TWF)
    _el(schema.root, XS, "import", namespace=MSTYPES)
    schema.wrapper(
        "Search",
        [
            ("type", "s:string", "?"),
            ("pattern", "s:string", "?"),
            ("field", "s:int", "1"),
            ("firstRow", "s:int", "1"),
            ("maxRows", "s:int", "1"),
            ("options", "tns:ArrayOfArrayOfString", "?"),
        ],
    )
    schema.sequence(
        schema.root, [("ArrayOfString", "tns:ArrayOfString", "*")], name="ArrayOfArrayOfString"
    )
    schema.sequence(schema.root, [("string", "s:string", "*")], name="ArrayOfString")
    schema.wrapper(
        "SearchResponse",
        [("SearchResult", "tns:ArrayOfMessageOfErrorCodes", "?"), ("data", "tns:FinderData", "?")],
    )
    schema.sequence(
        schema.root,
        [("MessageOfErrorCodes", "tns:MessageOfErrorCodes", "*")],
        name="ArrayOfMessageOfErrorCodes",
    )
    schema.sequence(
        schema.root,
        [
            ("Type", "tns:MessageType", "1"),
            ("Text", "s:string", "?"),
            ("Code", "tns:ErrorCodes", "1"),
            ("Parameters", "tns:ArrayOfString", "?"),
        ],
        name="MessageOfErrorCodes",
    )
    schema.enumeration("MessageType", ["Error", "Warning", "Informational"])
    schema.enumeration("ErrorCodes", list(FINDER_ERROR_CODES))
    schema.sequence(
        schema.root,
        [
            ("TotalRows", "s:int", "1"),
            ("Columns", "tns:ArrayOfString", "?"),
            ("Items", "tns:ArrayOfArrayOfString", "?"),
        ],
        name="FinderData",
    )
    _asmx_header(schema)
    _guid_schema(types)


def _extension(schema: _Schema, name: str, base: str, fields: list[tuple[str, str, str]]) -> None:
    complex_type = _el(schema.root, XS, "complexType", name=name)
    extension = _el(_el(complex_type, XS, "complexContent"), XS, "extension", base=base)
    sequence = _el(extension, XS, "sequence")
    for field, type_, occurs in fields:
        attrs = {"minOccurs": "0" if occurs != "1" else "1"}
        if occurs == "n":
            attrs["nillable"] = "true"
        _el(sequence, XS, "element", name=field, type=type_, **attrs)
    schema.element(name, f"{_prefix(schema)}:{name}", nillable="true")


def _prefix(schema: _Schema) -> str:
    return {TWF: "tns", WEBSERVICES: "q", DELETED: "d", SHARED: "sh"}[
        str(schema.root.get("targetNamespace"))
    ]


def _deleted_types(types: etree._Element) -> None:
    service = _Schema(types, TWF)
    for namespace in (WEBSERVICES, DELETED, SHARED):
        _el(service.root, XS, "import", namespace=namespace)
    service.element("Authentication", "sh:AuthenticationHeader", nillable="true")
    service.element("SessionId", "s:string", nillable="true")
    # Twinfield types these by the base contracts (Query, QueryResult) with the service's
    # known types sent as xsi:type; the sandbox names the one query this service has, so
    # that a client without polymorphism (zeep) can send it (UNCONFIRMED, see the package).
    service.element("Query", "d:GetDeletedTransactions", nillable="true")
    service.element("Result", "d:GetDeletedTransactionsResult", nillable="true")
    shared = _Schema(types, SHARED)
    _el(shared.root, XS, "import", namespace=MSTYPES)
    shared.sequence(
        shared.root,
        [
            ("AccessToken", "s:string", "n"),
            ("CompanyCode", "s:string", "n"),
            ("CompanyId", "s1:guid", "n"),
        ],
        name="AuthenticationHeader",
    )
    shared.element("AuthenticationHeader", "sh:AuthenticationHeader", nillable="true")
    common = _Schema(types, WEBSERVICES)
    for name in ("Query", "QueryResult"):
        _el(_el(common.root, XS, "complexType", name=name), XS, "sequence")
        common.element(name, f"q:{name}", nillable="true")
    common.sequence(
        common.root,
        [("Code", "q:SecurityFaultCode", "?"), ("Message", "s:string", "n")],
        name="SecurityFault",
    )
    common.enumeration("SecurityFaultCode", ["Unexpected", "HeaderIsMissing", "AccessDenied"])
    common.element("SecurityFault", "q:SecurityFault", nillable="true")
    deleted = _Schema(types, DELETED)
    _el(deleted.root, XS, "import", namespace=WEBSERVICES)
    _extension(
        deleted,
        "GetDeletedTransactions",
        "q:Query",
        [
            ("CompanyCode", "s:string", "n"),
            ("DateFrom", "s:dateTime", "n"),
            ("DateTo", "s:dateTime", "n"),
            ("Daybook", "s:string", "n"),
        ],
    )
    _extension(
        deleted,
        "GetDeletedTransactionsResult",
        "q:QueryResult",
        [("DeletedTransactions", "d:ArrayOfDeletedTransaction", "n")],
    )
    deleted.sequence(
        deleted.root,
        [("DeletedTransaction", "d:DeletedTransaction", "*")],
        name="ArrayOfDeletedTransaction",
    )
    deleted.sequence(
        deleted.root,
        [
            ("Daybook", "s:string", "n"),
            ("DeletionDate", "s:dateTime", "?"),
            ("ReasonForDeletion", "s:string", "n"),
            ("TransactionDate", "s:dateTime", "?"),
            ("TransactionNumber", "s:decimal", "?"),
            ("User", "s:string", "n"),
        ],
        name="DeletedTransaction",
    )
    deleted.sequence(
        deleted.root,
        [("Code", "d:DeletedTransactionsServiceFaultCode", "?"), ("Message", "s:string", "n")],
        name="DeletedTransactionsServiceFault",
    )
    deleted.enumeration(
        "DeletedTransactionsServiceFaultCode",
        ["InvalidCompanyCode", "InvalidDaybook", "InvalidDates"],
    )
    deleted.element(
        "DeletedTransactionsServiceFault", "d:DeletedTransactionsServiceFault", nillable="true"
    )
    _guid_schema(types)


@dataclass(frozen=True)
class Service:
    """One service's WSDL facts."""

    name: str
    path: str
    doc: str
    operations: dict[str, str]
    """Operation name: its SOAPAction."""
    types: Callable[[etree._Element], None]
    wcf: bool = False


PROCESSXML = Service(
    "ProcessXml",
    "processxml.asmx",
    "Twinfield Process XML web service methods.",
    {op: f"{TWF}{op}" for op in ("ProcessXmlString", "ProcessXmlDocument", "ProcessXmlCompressed")},
    _processxml_types,
)
FINDER = Service(
    "Finder",
    "finder.asmx",
    "Twinfield Finder web service methods.",
    {"Search": f"{TWF}Search"},
    _finder_types,
)
DELETED_TRANSACTIONS = Service(
    "DeletedTransactionsService",
    "DeletedTransactionsService.svc",
    "Twinfield deleted transactions web service methods.",
    {"Query": DELETED_ACTION},
    _deleted_types,
    wcf=True,
)
SERVICES = {s.path.lower(): s for s in (PROCESSXML, FINDER, DELETED_TRANSACTIONS)}


def document(service: Service, location: str) -> bytes:
    """The WSDL of ``service`` with its ports at ``location``."""
    root = etree.Element(f"{{{WSDL}}}definitions", nsmap=_NSMAP, targetNamespace=TWF)
    root.set("name", service.name)
    _el(root, WSDL, "documentation").text = service.doc
    service.types(_el(root, WSDL, "types"))
    port_type = f"{service.name}Soap" if not service.wcf else service.name
    for op in service.operations:
        if service.wcf:
            _message(root, f"{op}Request", "Query", "tns:Query")
            header = _el(root, WSDL, "message", name=f"{op}Request_Headers")
            _el(header, WSDL, "part", name="Authentication", element="tns:Authentication")
            _el(header, WSDL, "part", name="SessionId", element="tns:SessionId")
            _message(root, f"{op}Response", "Result", "tns:Result")
        else:
            _message(root, f"{op}SoapIn", "parameters", f"tns:{op}")
            _message(root, f"{op}SoapOut", "parameters", f"tns:{op}Response")
            _message(root, f"{op}Header", "Header", "tns:Header")
    ports = _el(root, WSDL, "portType", name=port_type)
    for op in service.operations:
        operation = _el(ports, WSDL, "operation", name=op)
        suffix = ("Request", "Response") if service.wcf else ("SoapIn", "SoapOut")
        _el(operation, WSDL, "input", message=f"tns:{op}{suffix[0]}")
        _el(operation, WSDL, "output", message=f"tns:{op}{suffix[1]}")
    bindings = (
        [(f"BasicHttpBinding_{service.name}", WSOAP)]
        if service.wcf
        else [(f"{service.name}Soap", WSOAP), (f"{service.name}Soap12", WSOAP12)]
    )
    for binding_name, soap_ns in bindings:
        binding = _el(root, WSDL, "binding", name=binding_name, type=f"tns:{port_type}")
        _el(binding, soap_ns, "binding", transport=HTTP_TRANSPORT)
        for op, action in service.operations.items():
            operation = _el(binding, WSDL, "operation", name=op)
            _el(operation, soap_ns, "operation", soapAction=action, style="document")
            given = _el(operation, WSDL, "input")
            _el(given, soap_ns, "body", use="literal")
            headers = (
                [(f"{op}Request_Headers", "Authentication"), (f"{op}Request_Headers", "SessionId")]
                if service.wcf
                else [(f"{op}Header", "Header")]
            )
            for message, part in headers:
                _el(given, soap_ns, "header", message=f"tns:{message}", part=part, use="literal")
            _el(_el(operation, WSDL, "output"), soap_ns, "body", use="literal")
    endpoint = _el(root, WSDL, "service", name=service.name)
    _el(endpoint, WSDL, "documentation").text = service.doc
    for binding_name, soap_ns in bindings:
        port = _el(endpoint, WSDL, "port", name=binding_name, binding=f"tns:{binding_name}")
        _el(port, soap_ns, "address", location=location)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True))


def _message(root: etree._Element, name: str, part: str, element: str) -> None:
    _el(_el(root, WSDL, "message", name=name), WSDL, "part", name=part, element=element)
