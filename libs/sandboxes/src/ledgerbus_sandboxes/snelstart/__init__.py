"""The SnelStart B2B API v2 sandbox: client-key tokens, subscription keys, OData paging.

Facts from ``../shared/reference/accounting-apis.md`` §3. Choices where the public
sources are silent (UNCONFIRMED there):

- transaction lines: SnelStart documents no list of journal lines, so the sandbox
  serves ``GET /v2/boekingsregels`` (OData, filterable on ``ModifiedOn``), one row per
  line with ``grootboek``/``dagboek``/``relatie``/``kostenplaats`` identifiers
  (``{id, uri}``, stable per code but not the referenced record's own ``id``) that
  also carry the referenced record's ``nummer``/``relatiecode``, which is what the
  normalised codes are, and a signed ``bedrag`` (debit positive);
- daybooks are numbered KAS 10, BNK 11, VRK 12, INK 13, MEM 14; cost centres by
  the digits of their neutral code; relations by their code as an integer;
- errors are a JSON array ``[{"errorCode": "ALG-0104", "message": ...}]``;
- rate limit: ``requests_per_minute`` per subscription key, then 429 with
  ``Retry-After`` (seconds);
- the token endpoint does not need the subscription key.
"""

from ledgerbus_sandboxes.snelstart.app import SnelStartSandboxConfig, create_app

__all__ = ["SnelStartSandboxConfig", "create_app"]
