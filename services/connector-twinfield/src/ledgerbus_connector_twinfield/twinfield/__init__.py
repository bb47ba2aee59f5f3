"""Twinfield: OpenID Connect tokens, cluster discovery, the SOAP finder and browse data.

Documented (``accounting-apis.md`` §2): the code flow and refresh at
``/auth/authentication/connect/token``, ``accesstokenvalidation`` giving
``twf.clusterUrl`` (400 for an invalid token), the SOAP ``Header`` with
``AccessToken`` and ``CompanyCode``, the finder ``Search`` (1-based ``firstRow``,
``maxRows``, option pairs), ProcessXml browse ``000`` with ``between`` columns, fault
codes and 429 with ``Retry-After``. Choices where the sources are silent (UNCONFIRMED):

- finder columns: ``Code`` and ``Naam`` (columns 0 and 1, as Twinfield answers), then the
  sandbox's ``Gewijzigd`` (``YYYYMMDDHHMMSS``, UTC) modification column, which is the source
  version of master data, and detail columns (VAT ``Type``/``Percentage``, daybook
  ``Categorie``, period and project dates, ``Dagen``); the dimension type is the search's
  ``dimtype`` (BAS+PNL GL accounts, DEB+CRD relations, KPL cost centres, PRJ projects);
  ``VAT``, ``TRS``, ``PRD`` (periods ``YYYY/PP``) and ``PAY`` for the rest;
- master data is re-read in full on every sync, so only transaction lines are incremental;
- browse: see :mod:`.browse` (one fiscal year per request in a full sync);
- refresh tokens do not rotate (a new one in the answer replaces the old one if given).

Deleted transactions (``DeletedTransactionsService.svc``, Twinfield's reference page) are
read in every incremental sync: see :mod:`.deleted`.
"""
