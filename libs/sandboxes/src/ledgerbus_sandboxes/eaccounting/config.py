"""The eAccounting sandbox's settings: its companies, the app's credentials, lifetimes, limits."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from ledgerbus_sandboxes.common import DataSizes

DEMO_COMPANY = "demo-eaccounting"
DEMO_CLIENT_ID = "ledgerbus-demo"
DEMO_CLIENT_SECRET = "demo-secret"  # noqa: S105 - the sandbox's well-known demo secret
DEMO_REDIRECT_URI = "http://127.0.0.1:8014/v1/connections/callback"
READ_SCOPES = "ea:api offline_access ea:accounting_readonly ea:sales_readonly ea:purchase_readonly"
"""The scopes a reader of every endpoint the sandbox plays asks for."""


@dataclass(frozen=True)
class EAccountingSandboxConfig:
    """Companies by key (the first is the one a login picks unless told otherwise)."""

    seed: int = 42
    companies: dict[str, str] = field(default_factory=lambda: {DEMO_COMPANY: "Demo eAccounting BV"})
    sizes: DataSizes = field(default_factory=lambda: DataSizes(payment_terms=0))
    client_id: str = DEMO_CLIENT_ID
    client_secret: str = DEMO_CLIENT_SECRET
    redirect_uri: str = DEMO_REDIRECT_URI
    """The app's registered redirect URI: authorize and the code exchange want it exactly."""
    access_token_seconds: int = 3600
    code_seconds: int = 300
    requests_per_minute: int = 600
    default_page_size: int = 50
    max_page_size: int = 1000

    @classmethod
    def from_env(cls) -> EAccountingSandboxConfig:
        """Sizes, limits and the redirect URI from ``EACCOUNTING_SANDBOX_*`` variables."""
        env = os.environ
        return cls(
            seed=int(env.get("EACCOUNTING_SANDBOX_SEED", "42")),
            sizes=DataSizes(
                payment_terms=0,
                transaction_lines=int(env.get("EACCOUNTING_SANDBOX_TRANSACTION_LINES", "2000")),
            ),
            requests_per_minute=int(env.get("EACCOUNTING_SANDBOX_REQUESTS_PER_MINUTE", "600")),
            redirect_uri=env.get("EACCOUNTING_SANDBOX_REDIRECT_URI", DEMO_REDIRECT_URI),
        )
