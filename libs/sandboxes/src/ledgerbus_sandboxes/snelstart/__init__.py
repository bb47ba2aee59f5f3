"""The SnelStart B2B API v2 sandbox: client-key tokens, subscription keys, the published resources.

Played from the sources:

- SnelStart's OpenAPI document as exported in ``SpiderDead/snelstart-api``
  (``openapi/snelstart-b2b-api-v2.yaml``; the operation map ``src/Generated/OperationMap.php``
  names the same operations): the GET operations and models below, field by field.
  ``openapi/b2b-api-v2.json`` here is our pinned copy of those facts (names, types,
  formats, enums); the contract tests validate every response against it and refuse
  properties the model lacks. Served: ``/v2/grootboeken`` (OData) and ``/{id}``,
  ``/v2/grootboekmutaties`` (OData, GrootboekMutatieModel: ``grootboek``,
  ``kostenplaats``, ``dagboek``, ``relatiePublicIdentifier`` as ``{id, uri}``, ``datum``,
  ``modifiedOn``, ``omschrijving``, ``debet``, ``credit``, ``saldo``, ``documents``,
  ``boekstuk``, ``factuurNummer``) and ``/{id}``, ``/v2/relaties`` (OData) and ``/{id}``,
  ``/v2/dagboeken``, ``/v2/kostenplaatsen`` and ``/{id}``, ``/v2/landen`` and ``/{id}``,
  ``/v2/btwtarieven`` (BtwTariefModel: the history of each ``btwSoort``),
  ``/v2/vatrates`` (OData) and ``/{countryCode}``, ``/v2/vatratedefinitions`` (OData),
  ``/v2/companyInfo``. ``$top`` is 1..500 (default 500) and ``$skip`` from 0, as the
  operations' parameters say; resources not marked OData take no query options.
- ``SnelStartSoftware/B2B.client.v2.net`` (the vendor's client): resources by their
  ``ResourceName`` under ``/v2``, single records at ``/v2/<resource>/<guid>``, the
  ``$filter=Omschrijving eq ''`` form of its tests, and ``saldo`` = ``debet - credit``
  (its GrootboekMutatieModel says so).
- SnelStart's developer portal as quoted in ``../shared/reference/accounting-apis.md``
  §3 (pages ``/authenticatie``, ``/odata``, ``/foutcodes-v2``): ``POST /b2b/token`` with
  ``grant_type=clientkey``, ``Ocp-Apim-Subscription-Key`` and ``Bearer`` on every call;
  OData v3 filters (``ModifiedOn gt datetime'…'``, ``Id eq guid'…'``,
  ``substringof('x', Naam) eq true``, ``Relatiesoort/any(r:r eq 'Klant')``) with
  UpperCamelCase, case-sensitive property names and no filtering on ``Uri``
  (:mod:`ledgerbus_sandboxes.snelstart.odata`); ALG-0104 "Ongeldig OData filter" for a
  filter it refuses, ALG-0103 "Ongeldig ID" for a malformed id.
- VAT: ``btwSoort`` Geen / Laag / Hoog / Overig (the models' enum); the Dutch rates
  Hoog 21 % from 2012-10-01 (19 % before), Laag 9 % from 2019-01-01 (6 % before),
  Geen 0 % (``accounting-apis.md`` §4; the 9 % is general knowledge there).

Corrections to ``accounting-apis.md``: journal lines are ``/v2/grootboekmutaties``
(§3.3 lists no such endpoint and this sandbox used to invent ``/v2/boekingsregels``);
the OpenAPI has no ``boekjaren`` resource (BoekjaarModel is only the ``boekjaar`` of a
VAT return), so none is served: the fiscal year a reader can learn is
``companyInfo.huidigBoekjaar`` with ``beginmaandFiscaleBoekjaar``; ``/btwtarieven``
rows carry no ``id`` and no description or direction (the sandbox used to add them);
``relatiecode``, ``nummer`` are integers and references carry no number, so a reader
resolves them through the referenced resource.

UNCONFIRMED (no source settles these; the source looked for is named):

- the error body ``[{"errorCode", "message"}]`` (the OpenAPI's error schemas are empty,
  the portal's ``/foutcodes-v2`` lists codes only); 404 for an unknown id or resource
  carries ``ALG-0404`` (no code is published for it); ``$top``/``$skip`` out of range
  answer 400 ALG-0104 (the OpenAPI gives the range, not the answer);
- ``GET /v2/dagboeken/{id}``: the OpenAPI has no such operation, yet every ``dagboek``
  reference carries a ``uri``; the sandbox answers it so that every reference does;
- a ``uri`` is ``/v2/<resource>/<id>`` (the model only says "relative Uri");
- list order is change order (no source says what order SnelStart pages in);
- date-times are UTC without an offset, milliseconds (``2026-01-01T00:00:00.000``);
  dates are midnight (``datum``); absent values are ``null`` (the export marks no
  property nullable);
- a reference to a record deleted since is ``null`` (SnelStart would refuse the delete);
- ``factuurNummer`` is set on lines of sales and purchase daybooks only;
  ``grootboekfunctie`` is ``Dagboek<soort>`` for a daybook's account, else ``Diversen``;
- daybooks are numbered KAS 10, BNK 11, VRK 12, INK 13, MEM 14 where their code is not
  a number; cost centres by the digits of their code;
- countries (``landcode`` equal to ``landcodeISO``), VAT rate codes (``Hoog``, ``Laag``,
  ``Geen``) and their definitions' names: no source lists SnelStart's values;
- the control API shows a VAT record as its open BtwTariefModel row plus ``id``
  (the ``btwSoort``), the key connector-snelstart gives it, and a fiscal period as
  ``{id: "<year>-<period>", boekjaar, periode, startDate, endDate}`` (no SnelStart
  model: connector-snelstart derives the periods from ``companyInfo`` and the lines'
  dates); ``companyInfo`` plays the fields a reader uses, ``huidigBoekjaar`` being the
  latest fiscal year of the data and ``beginmaandFiscaleBoekjaar`` 1;
- ``$select`` and ``$orderby`` are not played (the OpenAPI's operations take only
  ``$skip``, ``$top`` and ``$filter``);
- rate limit: ``requests_per_minute`` per subscription key, then 429 with
  ``Retry-After`` (seconds); the token endpoint needs no subscription key (the portal's
  example sends none).
"""

from ledgerbus_sandboxes.snelstart.app import SnelStartSandboxConfig, create_app

__all__ = ["SnelStartSandboxConfig", "create_app"]
