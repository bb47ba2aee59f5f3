"""ledgerbus-connector-eaccounting: Visma eAccounting's API v2, read into the contract.

Read as Visma publishes it (developer.vismaonline.com: authentication, rate limits; the
API's swagger as generated in ``struqtur/visma-client``): OAuth2 code flow at the
identity server (``/connect/token``, scopes ``ea:api offline_access
ea:accounting_readonly ...``), access tokens of an hour and a refresh token that
rotates on every use; ``Bearer`` on every ``/v2`` call; ``$page`` (from 1) and
``$pagesize`` with the ``Meta`` block (``CurrentPage``, ``TotalNumberOfPages``,
``TotalNumberOfResults``) beside ``Data``; OData ``$filter``; errors as ``ErrorCode``,
``DeveloperErrorMessage`` and ``ErrorId``; 600 calls a minute per client and endpoint,
past which a 429 says ``Try again in N seconds``; no report of deleted records (a full
sync finds them). Choices where the sources are silent (UNCONFIRMED):

- ``/v2/accounts`` (the current fiscal year's chart) is the chart: an account's source id
  is its ``Number``; without a ``Type`` (only Dutch companies have one) accounts numbered
  from 0 to 3999 are balance-sheet accounts;
- the fiscal periods are the months of each fiscal year (``YYYY-MM``; eAccounting has no
  periods within a year);
- cost centre 1's items are the cost centres, cost centre 2's the cost units;
- a voucher row's source id is ``<voucher Id>:<row number from 1>``; its daybook is the
  voucher's number series (eAccounting publishes no list of series, so no daybooks);
- incremental reads filter ``ModifiedUtc gt <cursor>`` (customers: ``ChangedUtc``);
  cost centres, VAT codes and fiscal years carry no modification time and are re-read
  in full;
- a VAT code is for sales or purchases as its Dutch description says.
"""
