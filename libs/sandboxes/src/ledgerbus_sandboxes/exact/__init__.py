"""The Exact Online sandbox: OAuth2, the REST API's sync and regular endpoints, rate limits.

A real HTTP server speaking Exact's wire format (see ``../shared/reference/
accounting-apis.md``), with seeded data per division and the ``/_sandbox`` control
API. ``create_app()`` gives the default demo sandbox (divisions 100001 and 100002).
"""

from ledgerbus_sandboxes.exact.app import create_app
from ledgerbus_sandboxes.exact.config import ExactSandboxConfig

__all__ = ["ExactSandboxConfig", "create_app"]
