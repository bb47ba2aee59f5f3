"""The Twinfield sandbox: OpenID Connect tokens, cluster discovery and Twinfield's SOAP services.

What it plays, and from which source:

- WSDLs at ``GET /webservices/{processxml.asmx,finder.asmx,DeletedTransactionsService.svc}?wsdl``
  (:mod:`.wsdl`): the services, operations, messages, namespace ``http://www.twinfield.com/``,
  document/literal SOAP 1.1 and 1.2 bindings and SOAPActions of Twinfield's published
  ``processxml.wsdl`` (``Twinfield/TwinfieldIntegrationSamples``) and ``finder.wsdl`` (the
  ``Header`` with AccessToken/CompanyCode/CompanyId and the ``ErrorCodes`` of the OAuth-era
  client the samples generated from ``https://api.accounting.twinfield.com/webservices/
  finder.asmx?wsdl``); the deleted-transactions service in the WCF shape of Twinfield's
  ``PeriodService.svc`` (as kept by ``pronamic/wp-twinfield``) with the data contracts of
  Twinfield's reference page ``transaction-data/deleted-transactions``. The ports' addresses
  are the sandbox's own URL.
- SOAP (:mod:`.soap`): SOAP 1.1 (``text/xml`` with a SOAPAction header) and 1.2
  (``application/soap+xml``); a malformed envelope, a wrong Content-Type (415), a missing or
  wrong SOAPAction or an operation the service lacks get a fault in the request's version,
  with Twinfield's ``detail`` (message, code: 100, 101, 186 InvalidZlibData, 187
  InvalidXmlData, 354, 359 as the samples' ``SecurityFaultCode`` and the guidelines page
  number them); nothing answers a plain 500 or drops the connection.
- ProcessXml (:mod:`.processxml`): ``ProcessXmlString``, ``ProcessXmlDocument`` (the XML as
  a child element) and ``ProcessXmlCompressed`` (base64 of compressed UTF-8: gzip as the WSDL's
  operation documentation says, or zlib as the samples' ``ZlibCompressor`` sends; the answer
  is compressed the way the request was); ``<list><type>offices</type></list>`` without a
  CompanyCode, ``<read>`` of ``dimensions`` and ``transaction``, browse ``000``.
- ProcessXml writes (:mod:`.writes`): ``<transaction destiny="final|temporary">`` and
  ``<dimension>`` (DEB/CRD), alone or in their list roots, as php-twinfield sends them,
  answered ``result="1"`` or ``result="0"`` with ``msgtype="error"``/``msg`` on the element
  at fault; ``/_sandbox/write-faults`` books a write and then answers late or a 5xx.
- The finder (:mod:`.finder`): php-twinfield's finder types (OFF included; types without
  sandbox data answer no rows), ``pattern`` with ``*``/``?`` over ``field`` 0/1/2, the
  ``office``, ``dimtype`` (optional: all dimension types without it), ``modifiedsince`` and
  ``includehidden`` options of DIM (pronamic/wp-twinfield's finder example), and problems
  reported as ``MessageOfErrorCodes`` in ``SearchResult`` (InvalidFinderType,
  OptionNotAllowed, NoAccessToOffice, ...) with no ``data``.
- Browse ``000`` (:mod:`.browse`): only the requested visible columns, in request order;
  ``equal``/``between``/``like`` filters on any column, the office included; cells typed
  ``String``, ``Decimal``, ``Number``, ``Value``, ``Date`` and ``Datetime`` (with a ``name``
  display form) as the recorded responses of php-twinfield and pronamic/wp-twinfield show.
- Deleted transactions (:mod:`.deleted`): ``Query`` with ``GetDeletedTransactions``
  (CompanyCode, Daybook, DateFrom, DateTo) answering Daybook, TransactionNumber,
  TransactionDate, DeletionDate, User, ReasonForDeletion, and the
  ``DeletedTransactionsServiceFault`` codes.
- VAT codes as Twinfield's Dutch ones (php-twinfield's ``vatCodeGetResponse.xml``: ``VH``
  "BTW Hoog" of type sales): VH/VL/VN for sales at 21/9/0 %, IH/IL/IN for purchases.
- Login (:mod:`.oidc`): the token endpoint takes the client's credentials as form fields or
  by HTTP Basic; ``accesstokenvalidation`` gives ``twf.clusterUrl``.

UNCONFIRMED (no source settles them; the source looked for is named):

- after ``Code`` and ``Naam`` (the published order: the samples' DimensionService reads the
  name from column 1) the finder rows carry the sandbox's detail columns (``Gewijzigd``
  ``YYYYMMDDHHMMSS``, ``Dimensietype``, VAT ``Type``/``Percentage``, daybook ``Categorie``,
  period and project dates, ``Dagen``): the return fields of each type in Twinfield's finder
  reference were not available beyond "code, name";
- ``PAY`` serves the sandbox's payment conditions (php-twinfield names PAY "payment types");
  DIM without ``dimtype`` lists every dimension type; the finder's column names are Dutch
  (``Naam``, as php-twinfield's recorded TRS response);
- the deleted-transactions schema is inline, and its ``Query``/``Result`` elements are typed
  by ``GetDeletedTransactions``/``GetDeletedTransactionsResult`` rather than by the base
  contracts with ``xsi:type`` (Twinfield's ``?xsd=`` schemas are in no source); the sandbox
  accepts the request with or without ``xsi:type``; it filters ``DateFrom``/``DateTo`` on the
  deletion date, by day, inclusive; it has only a SOAP 1.1 binding, as PeriodService;
- a ``<columns>`` request with an unknown field or operator answers ``result="0"``; labels
  are Dutch; the browse's ``fin.trs.line.line`` field (the key names the line) and every
  row's ``fin.trs.head.status`` ``normal``;
- a finder or ProcessXml call with an office outside the sandbox is fault 359 (403);
  ``ProcessXmlDocument``'s answer is a child of ``ProcessXmlDocumentResult``;
- refresh tokens do not rotate and live 550 days; access tokens live 3600 s; every call the
  sandbox plays is a query (1 credit) against ``credits_per_minute``, over which it answers
  429 with ``Retry-After`` (the fair-use page names the buckets, not per-call bodies).

Corrections to ``../shared/reference/accounting-apis.md``: ProcessXmlCompressed is not only
deprecated but documented ("G-zipped UTF-8") and played; the deleted-transactions service's
operations and shape are documented (§2.4 had them UNCONFIRMED); the finder's newer
``Header`` carries AccessToken/CompanyCode/CompanyId (the older finder.wsdl only SessionID);
DIM's ``modifiedsince`` option is ``YYYYMMDDHHMMSS`` (§2.3 had it UNCONFIRMED); browse cells
are also typed ``Number``, ``Date`` and ``Datetime`` (§2.4 lists String, Decimal, Value).
"""

from ledgerbus_sandboxes.twinfield.app import TwinfieldSandboxConfig, create_app

__all__ = ["TwinfieldSandboxConfig", "create_app"]
