"""Twinfield: OpenID Connect tokens, cluster discovery, the SOAP finder and browse data.

Documented (``accounting-apis.md`` §2): the code flow and refresh at
``/auth/authentication/connect/token``, ``accesstokenvalidation`` giving
``twf.clusterUrl`` (400 for an invalid token), the SOAP ``Header`` with
``AccessToken`` and ``CompanyCode``, the finder ``Search`` (1-based ``firstRow``,
``maxRows``, option pairs), ProcessXml browse ``000`` with ``between`` columns, fault
codes and 429 with ``Retry-After``. Choices where the sources are silent (UNCONFIRMED):

- finder columns: ``Code``, ``Naam`` and a ``Gewijzigd`` (``YYYYMMDDHHMMSS``, UTC)
  modification column, which is the source version of master data; DIM with
  ``dimtype`` BAS+PNL are GL accounts, DEB+CRD relations, KPL cost centres, PRJ
  projects; ``VAT``, ``TRS`` (daybooks, ``Categorie``), ``PRD`` (periods ``YYYY/PP``)
  and ``PAY`` (payment conditions, ``Dagen``) for the rest;
- master data is re-read in full on every sync (the finder's "modified since" option
  is not documented), so only transaction lines are incremental;
- browse: see :mod:`.browse` (one fiscal year per request in a full sync);
- refresh tokens do not rotate (a new one in the answer replaces the old one if given);
- deleted transactions (``DeletedTransactionsService.svc``) are not read: deletes are
  found by the full sync's snapshot.
"""
