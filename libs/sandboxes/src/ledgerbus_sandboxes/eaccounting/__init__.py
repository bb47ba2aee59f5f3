"""The Visma eAccounting API v2 sandbox: Visma's identity server, the v2 read endpoints, OData.

A real HTTP server speaking eAccounting's wire format, with seeded data per company and the
``/_sandbox`` control API. ``create_app()`` gives the demo sandbox (one company,
``demo-eaccounting``); ``python -m ledgerbus_sandboxes.eaccounting`` serves it on
``EACCOUNTING_SANDBOX_PORT`` (8094).

Played from the sources:

- Visma's swagger (``https://eaccountingapi-sandbox.test.vismaonline.com/swagger/docs/v2``)
  as generated into ``struqtur/visma-client`` (``bin/generate-visma-client.sh`` names the
  document; ``visma-client/lib/Model/*.php`` and ``docs/Api/*.md`` carry its models and
  operations): ``openapi/eaccounting-v2.json`` is our pinned copy of those facts for the
  operations served (:mod:`.facts`); the contract tests validate every response against it
  and refuse properties a model lacks. Served (all ``GET``): ``/v2/fiscalyears`` and
  ``/{id}``; ``/v2/accounts`` (the current fiscal year's), ``/v2/accounts/{fiscalyearId}``
  and ``/{fiscalyearId}/{accountNumber}`` (AccountApi: ``Number`` is the key, a string;
  ``FiscalYearId``; ``IsActive``; ``ModifiedUtc``); ``/v2/vatcodes`` and ``/{id}``
  (VatCodeApi: ``Code``, ``Description``, ``VatRate``, ``RelatedAccounts``);
  ``/v2/customers`` and ``/{customerId}`` (CustomerApi: ``CustomerNumber``, ``ChangedUtc``);
  ``/v2/suppliers`` and ``/{supplierId}`` (SupplierApi: ``SupplierNumber``, ``ModifiedUtc``);
  ``/v2/projects`` and ``/{id}`` (ProjectApi: ``Number``, ``Status`` 1 ongoing / 2
  finished); ``/v2/costcenters`` (CostCenterApi with its ``Items``) and
  ``/v2/costcenteritems/{itemId}``; ``/v2/vouchers``, ``/v2/vouchers/{fiscalyearId}`` and
  ``/{fiscalyearId}/{voucherId}`` (VoucherApi: ``VoucherDate``, ``VoucherText``,
  ``NumberAndNumberSeries``, ``VoucherType``, ``ModifiedUtc``, ``Rows`` of VoucherRowApi:
  ``AccountNumber`` (int), ``DebitAmount``/``CreditAmount`` (at most two decimals, never
  negative), ``TransactionText`` (max 60), ``VatCodeId``, ``VatAmount``,
  ``CostCenterItemId1..3``, ``ProjectId``); ``/v2/companysettings``. Lists answer the
  swagger's ``PaginatedResponse*``: ``{"Meta": {CurrentPage, PageSize, TotalNumberOfPages,
  TotalNumberOfResults, ServerTimeUtc}, "Data": [...]}``. Each operation wants one of the
  scopes the swagger lists for it (accounts, VAT codes, vouchers: ``ea:accounting`` or
  ``ea:accounting_readonly``; customers and company settings: ``ea:sales*``; suppliers:
  ``ea:purchase*``; fiscal years and cost centres: accounting or sales; projects: any).
- developer.vismaonline.com/docs/authentication and /docs/change-to-our-new-identity-server
  (:mod:`.oauth`): the authorization-code flow through the identity server
  (``/connect/authorize``, ``/connect/token``, form-urlencoded), scopes ``ea:api`` and
  ``offline_access`` mandatory, ``ea:{sales,accounting,purchase}[_readonly]`` optional,
  ``prompt=login``; every refresh returns a new refresh token and the used one is dead.
  Client authentication with HTTP Basic, as Visma's samples send it (the form fields are
  accepted too). Access tokens live an hour (``expires_in`` 3600; omniauth-visma's wiki
  "expires in one hour").
- The API reference's paging notes (``$page`` from 1, ``$pagesize`` 1..1000, default 50)
  and its OData query options (the swagger's ``ODataQueryOptions[*]``, ``ApplyQueryOption``:
  ASP.NET Web API OData v4): ``$filter`` in v4 syntax and ``$orderby`` (:mod:`.query`).
- developer.vismaonline.com/docs/rate-limits (:mod:`.ratelimit`): 600 requests a minute per
  client and endpoint, then 429 with ``{"ErrorCode": 4010, "DeveloperErrorMessage": "API
  calls quota exceeded! maximum admitted 600 per Minute. Try again in N seconds.",
  "ErrorId": "<guid>"}``, which is the error envelope of every API error (:mod:`.errors`).
- Deletes: eAccounting deletes hard (``DELETE /v2/customers/{id}``, ``/v2/suppliers/{id}``)
  and the swagger has no deleted-records endpoint, so the sandbox serves none: only a full
  sync finds what was deleted. (The swagger's ``/v2/webhooks`` subscriptions push change
  notifications to a registered endpoint; the sandbox does not play them.)

Data: the common seeded company (:mod:`ledgerbus_sandboxes.common`), Dutch (EUR, VAT 21 %,
9 %, 0 %). Every voucher is one balanced entry: its rows' debits equal their credits
(:mod:`.vouchers`). Amounts are Decimals in the sandbox, JSON numbers on the wire.

UNCONFIRMED (no source settles these; chosen here):

- error codes other than 4010: 4000 (400), 4001 (401), 4003 (403), 4004 (404), 4005 (405),
  5000 (5xx); 401 and 403 answer in the same envelope; a malformed GUID in a path 400; an
  unknown query option (``$select``, ``$expand``, ``$top``, ``$skip``, ``$count``) 400;
- ``$filter``: case-sensitive property names of the model, v4 literals only, typed against
  the pinned model (``Number eq 1000`` on a string property answers 400, as OData's
  "incompatible types" does), ``null`` with ``eq``/``ne`` only, no functions, nesting at
  most 32 deep;
  ``$orderby`` on model properties; without it rows come in the sandbox's stable order
  (accounts by number, relations and projects by number, vouchers by voucher number); a page
  past the last is empty; ``TotalNumberOfPages`` is 0 for no results;
- the 429 also carries ``Retry-After`` (the message's seconds); the window is the clock's
  minute; a refused call does not count; the path (without the query) is the endpoint;
- codes live 300 s (IdentityServer's default) and are single use; refresh tokens do not
  expire; an unregistered ``redirect_uri`` answers 400 without a redirect; a bad client 400
  ``invalid_client``; a scope set without ``ea:api`` or with an unknown scope redirects with
  ``error=invalid_scope``; the company a login picks is the sandbox-only ``company``
  parameter of ``/connect/authorize`` (else the first company); ``/v2/companysettings``'s
  ``CompanyIdentifier`` is the sandbox's company key;
- ``/v2/accounts`` is the current fiscal year's chart (the year holding today, else the
  latest); every fiscal year has the same chart; ``Type`` 1 balance / 2 profit and loss
  with ``TypeDescription`` "Balans" / "Winst en verlies" (Dutch companies only have types);
- VAT: ``VatRate`` a fraction (0.21); ``VatCodeAndPercent`` ``"<Code> - <percent>%"``; the
  VAT account in ``RelatedAccounts.AccountNumber1``;
- cost centres: the sandbox's cost centres are the items of cost centre 1 ("Kostenplaats"),
  its cost units those of cost centre 2 ("Kostendrager"); no cost centre 3;
- vouchers: ``NumberSeries`` a letter per daybook kind (V sales, I purchase, B bank, K cash,
  A memorial) and ``NumberAndNumberSeries`` that letter and the voucher number;
  ``VoucherType`` 14 sales, 12 purchase, 10/11 bank by the bank row's sign, 2 otherwise;
  ``ModifiedUtc`` the latest change of any row, ``CreatedUtc`` the earliest; a row with no
  VAT has ``VatAmount`` null; ``DebitAmount``/``CreditAmount`` 0.0 on the side not used;
- fiscal years are calendar years; a year before the clock's is ``IsLockedForAccounting``;
- date-times are UTC with milliseconds and ``Z``; dates are midnight without an offset;
- relations: address fields the sandbox does not model are fixed demo values; terms of
  payment are one fixed id (not served).
- the control API shows a record as served plus ``id``, the source id a connector gives it
  (:mod:`.records`): an account's ``Number``; a line ``<VoucherId>:<row>`` (1-based row).
"""

from ledgerbus_sandboxes.eaccounting.app import create_app
from ledgerbus_sandboxes.eaccounting.config import EAccountingSandboxConfig

__all__ = ["EAccountingSandboxConfig", "create_app"]
