"""SnelStart B2B API v2: client-key tokens, OData paging, one stream per entity type.

Read as SnelStart publishes it (its OpenAPI document as exported in
``SpiderDead/snelstart-api``, the vendor's ``SnelStartSoftware/B2B.client.v2.net``, the
developer portal quoted in ``accounting-apis.md`` §3): ``POST /b2b/token`` with
``grant_type=clientkey``, ``Ocp-Apim-Subscription-Key`` and ``Bearer`` on every call,
plain JSON arrays, ``$top`` (1..500) and ``$skip``, ``ModifiedOn gt datetime'...'``.
OData resources: ``/grootboeken``, ``/relaties`` and ``/grootboekmutaties`` (the
journal lines: ``debet``, ``credit``, ``saldo`` = debet - credit); ``/dagboeken``,
``/kostenplaatsen`` and ``/btwtarieven`` are not OData (re-read in full). Lines name
their GL account, daybook, cost centre and relation by ``{id, uri}`` only; the
session's client resolves them to the numbers that are the normalised codes
(``references``). SnelStart lists no fiscal years: the periods are derived from
``/companyInfo`` and the years the lines show (``periods``). Choices where the
sources are silent (UNCONFIRMED):

- the token endpoint is sent no subscription key;
- paging without ``$orderby``: a short page ends the read;
- a line's entry is its daybook and ``boekstuk`` (the model has no entry id);
- VAT codes are the ``btwSoort`` values (Geen, Laag, Hoog, Overig) at today's rate;
- a fiscal year has twelve monthly periods from ``beginmaandFiscaleBoekjaar``;
- errors are ``[{"errorCode", "message"}]``; 429 carries ``Retry-After`` in seconds.
"""
