"""The Twinfield sandbox: OpenID Connect tokens, cluster discovery, SOAP finder and ProcessXml.

Facts from ``../shared/reference/accounting-apis.md`` §2. Choices where the public
sources are silent (UNCONFIRMED there):

- the finder's result columns for each type include a ``Gewijzigd`` (modified,
  ``YYYYMMDDHHMMSS``) column, which the connector uses as the source version;
  dimension types BAS/PNL are GL accounts, DEB/CRD relations, KPL cost centres,
  PRJ projects; ``VAT`` VAT codes, ``TRS`` daybooks, ``PRD`` periods and ``PAY``
  payment conditions;
- transactions come from browse code ``000`` in ProcessXml, filtered on
  ``fin.trs.head.modified`` (``between`` with an open upper bound); each row's
  ``key`` (office, code, number, line) identifies a line;
- refresh tokens do not rotate and live 550 days; access tokens live 3600 s;
- over ``credits_per_minute`` (query = 1 credit) a call answers 429 with
  ``Retry-After``.
"""

from ledgerbus_sandboxes.twinfield.app import TwinfieldSandboxConfig, create_app

__all__ = ["TwinfieldSandboxConfig", "create_app"]
