"""The Exact Online sandbox: OAuth2, the REST API's regular, bulk and sync endpoints, OData.

A real HTTP server speaking Exact's wire format, with seeded data per division and the
``/_sandbox`` control API. ``create_app()`` gives the default demo sandbox (divisions
100001, the demo division and the user's current one, and 100002);
``python -m ledgerbus_sandboxes.exact`` serves it on ``EXACT_SANDBOX_PORT`` (8091).

Played from the sources (picqer/exact-php-client: its entity classes carry Exact's
REST reference text and URLs; its issues quote Exact's responses):

- Endpoints and properties: ``current/Me`` (``Me.php``), ``hrm/Divisions``
  (``Division.php``: no ``Current``), ``system/Divisions`` (``SystemDivision.php``:
  ``Current``, ``DivisionMoveDate``), the regular ``financial/GLAccounts``,
  ``vat/VATCodes``, ``financial/Journals``, ``hrm/Costcenters`` and ``hrm/Costunits``
  (``EndDate``, no ``Active``), ``project/Projects``, ``crm/Accounts``, ``crm/Contacts``
  (contact persons), ``financial/FinancialPeriods``,
  ``financialtransaction/TransactionLines``; the bulk ``bulk/Financial/GLAccounts``,
  ``bulk/CRM/Accounts``, ``bulk/CRM/Contacts``, ``bulk/Financial/TransactionLines``
  (``Bulk*.php``; there are none for VAT codes, journals, cost centres, cost units or
  periods); the sync ``Financial/GLAccounts``, ``CRM/Accounts``, ``CRM/Contacts``,
  ``Project/Projects``, ``Cashflow/PaymentTerms``, ``Financial/TransactionLines`` and
  ``sync/Deleted`` with its ``EntityType`` codes (``Sync*.php``).
- OData v2 (:mod:`.filter`, :mod:`.predicate`, :mod:`.query`): ``$filter`` with
  ``eq ne gt ge lt le``, ``and or not``, parentheses, ``'…'``, numbers (``5L``),
  ``guid'…'``, ``datetime'…'``, ``true``/``false``/``null``, ``substringof``,
  ``startswith`` and more; ``$select`` everywhere, ``$orderby``, ``$top``, ``$skip``,
  ``$inlinecount=allpages`` (``__count`` as a string), ``/$count``, the key form
  ``GLAccounts(guid'…')`` (``{"d": {...}}``; picqer ``Storable.php`` builds it);
  a 400 for an unknown property, a type mismatch or a malformed filter ("Bad Request -
  Error in query syntax", picqer issue #609); comparing two properties is refused
  (Exact's OData best practices).
- Mandatory filtering on crm/Accounts, with the 400's wording and field list of picqer
  issue #591; ``$select`` required (``*`` refused) on bulk and sync endpoints; sync
  endpoints take only ``Timestamp gt N`` and page by 1,000 in Timestamp order.
- Pages: 60 rows on regular endpoints, 1,000 on bulk and sync ones, followed through
  ``d.__next`` (``$skiptoken=guid'…'`` unencoded, as in Exact's own example).
- Only the relation ``Code`` is padded to 18 characters (``Account.php``: "fixed length
  numeric string with leading spaces, length 18"; filters must carry the spaces), and so
  the fields that repeat it (``AccountCode``, ``Contact.Code``); GL account codes are not.
- OAuth: the registered redirect URI must match exactly at ``/api/oauth2/auth`` and at
  the code exchange; codes single-use for 3 minutes; ``expires_in`` the string
  ``"600"``; refresh tokens rotate (reuse: 401 "Old refresh token used.", issue #300).
- ``Authorization: Bearer`` (scheme in any case), ``Accept: application/json`` (picqer
  sends both), the six ``X-RateLimit-*`` headers (resets in epoch ms), 429 over 60 calls
  a minute or 5,000 a day per division.
- Writes (:mod:`.writes`): ``POST`` on ``salesentry/SalesEntries``,
  ``purchaseentry/PurchaseEntries``, ``generaljournalentry/GeneralJournalEntries`` and
  ``crm/Accounts`` with picqer's entity fields, validated (balance, GL accounts, journals,
  VAT codes, accounts) and served next by ``TransactionLines`` (with ``YourRef``) and the
  sync API; ``/_sandbox/write-faults`` books a write and then answers late or a 5xx.
- Errors: ``{"error": {"code": "", "message": {"lang": "", "value": …}}}`` (quoted whole
  in issue #500) for every API error and unknown route, 404 and 405 included; the token
  endpoint keeps OAuth's ``error``/``error_description``.

Corrections to ``../shared/reference/accounting-apis.md``: GL account codes are not
padded (its 1.4 says "Code fields"; only ``crm/Accounts`` documents the padding); the
error envelope's ``code``/``lang`` are confirmed (issue #500), as is mandatory filtering
on ``crm/Accounts`` (issue #591); ``hrm/Divisions`` has no ``Current`` or
``DivisionMoveDate`` (only ``system/Divisions``); cost centres and units have
``EndDate``, not ``Active``; ``Status`` of an account is C(ustomer), P, S(uspect) or A,
so a supplier that is no customer has none (the sandbox sent ``S``); bulk endpoints
exist only for the types listed above.

UNCONFIRMED (no source settles it), chosen here:

- An ``Accept`` without ``application/json`` answers 406 in the envelope: Exact answers
  Atom XML then (``application/atom+xml`` is its default), which the sandbox does not
  play, and a client that forgets the header must fail here as it would there.
- Mandatory filtering beyond crm/Accounts: Exact's knowledge base says "on single and
  bulk endpoints where sync APIs are available" without field lists, so the regular and
  bulk endpoints of GL accounts, contacts, projects and transaction lines want a filter
  on any of their properties; ``/$count`` and the key form follow the same rule (the
  key form counts as a filter).
- Rows come in ``ID`` order; with ``$orderby`` the key breaks ties and ``$skiptoken``
  names the previous page's last row, after which the next page continues in the same
  order. ``null ne 'x'`` holds, ``null gt 1`` does not; ``datetime'…'`` is UTC;
  operators are lower case; precedence is WCF's (``not`` binds tightest).
- Unknown ``$`` options (``$expand`` included) answer 400; a non-numeric division 400,
  a division the user cannot see 403; a missing or non-Bearer token 401.
- ``crm/Contacts`` holds one main contact person per relation, derived from it (its
  ``Timestamp`` is the relation's); their deletes (EntityType 5) are not reported.
- An inactive cost centre or unit ends on the day it was last changed.
- A refresh within 570 s of the previous token answers 400 ``invalid_request`` and leaves
  the current tokens valid (:mod:`.oauth`); refresh tokens do not expire after 30 days.
- 429 responses carry the ``X-RateLimit-*`` headers; a refused call does not count.
- Sync ``__next`` carries the page's last Timestamp as ``$skiptoken``; a ``sync/Deleted``
  row's ``ID`` derives from the record and the deleting Timestamp; ``DeletedBy`` is null.
- VAT ``Percentage`` is a fraction (0.21); divisions' country, currency and dates are
  the demo's own.
"""

from ledgerbus_sandboxes.exact.app import create_app
from ledgerbus_sandboxes.exact.config import ExactSandboxConfig

__all__ = ["ExactSandboxConfig", "create_app"]
