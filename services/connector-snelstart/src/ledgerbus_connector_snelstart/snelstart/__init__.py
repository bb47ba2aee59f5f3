"""SnelStart B2B API v2: client-key tokens, OData paging, one stream per entity type.

Documented (``accounting-apis.md`` §3): ``POST /b2b/token`` with
``grant_type=clientkey``, ``Ocp-Apim-Subscription-Key`` and ``Bearer`` on every call,
plain JSON arrays, ``$top`` (at most 500) and ``$skip``, ``ModifiedOn gt
datetime'...'``; ``/grootboeken`` and ``/relaties`` are OData, ``/dagboeken``,
``/kostenplaatsen`` and ``/btwtarieven`` are not (re-read in full). Choices where the
sources are silent (UNCONFIRMED):

- the token endpoint is sent no subscription key;
- paging without ``$orderby``: the sandbox orders by (modifiedOn, id) and a short page
  ends the read;
- transaction lines come from ``/v2/boekingsregels`` (no list of journal lines is
  documented), whose references carry the referenced record's ``nummer``;
- VAT codes are the rate kinds of ``/btwtarieven`` (Geen, Laag, Hoog, Overig);
- errors are ``[{"errorCode", "message"}]``; 429 carries ``Retry-After`` in seconds.
"""
