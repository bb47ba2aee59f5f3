"""The Exact Online sandbox: OAuth2, the REST API's sync and regular endpoints, rate limits.

A real HTTP server speaking Exact's wire format (see ``../shared/reference/
accounting-apis.md``), with seeded data per division and the ``/_sandbox`` control
API. ``create_app()`` gives the default demo sandbox (divisions 100001, the demo
division and the user's current one, and 100002); ``python -m ledgerbus_sandboxes.exact``
serves it on ``EXACT_SANDBOX_PORT`` (8091).

Played as documented: the authorization-code flow (codes single-use, 3 minutes),
``expires_in`` as the string ``"600"``, refresh tokens that rotate on every use (the
old one answers 401 ``unauthorized_client`` "Old refresh token used."),
``current/Me`` with ``CurrentDivision``, ``hrm/Divisions`` and ``system/Divisions``,
``{"d": {"results": [...], "__next": ...}}``, 1000-row sync pages filtered by
``Timestamp gt NL`` with ``$select`` required, 60-row regular pages with
``$skiptoken=guid'...'``, ``$inlinecount=allpages``, ``/Date(ms)/``, 18-character
space-padded ``Code`` on GL accounts and relations, ``sync/Deleted`` with its
``EntityType`` codes, the six ``X-RateLimit-*`` headers (resets in epoch ms), 429 over
60 calls a minute or 5,000 a day per division, and ``error.message.value`` errors.

Where the public sources are silent (UNCONFIRMED), the sandbox chooses:

- A refresh within 570 s of the previous token answers 400 ``invalid_request`` and
  leaves the current tokens valid (:mod:`.oauth`).
- 429 responses carry the ``X-RateLimit-*`` headers too (:mod:`.ratelimit`); a
  refused call does not count against the budget.
- Error bodies carry ``code`` and ``lang`` as empty strings beside ``message.value``.
- Sync results come in ascending ``Timestamp`` order and ``__next`` carries the last
  Timestamp of the page as ``$skiptoken``; regular endpoints page in ``ID`` order.
- A ``sync/Deleted`` row's own ``ID`` is derived from the deleted record's id and the
  deleting Timestamp; ``DeletedBy`` is not played.
- VAT code ``Percentage`` is a fraction (0.21); the regular endpoints need no
  ``$select`` and ignore ``$filter``; ``current/Me`` is a one-row ``results`` list.
- Refresh tokens do not expire after 30 days (the sandbox lives shorter than that).
"""

from ledgerbus_sandboxes.exact.app import create_app
from ledgerbus_sandboxes.exact.config import ExactSandboxConfig

__all__ = ["ExactSandboxConfig", "create_app"]
