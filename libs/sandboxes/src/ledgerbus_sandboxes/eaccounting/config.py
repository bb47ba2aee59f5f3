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
DEFAULT_COMPANIES = {DEMO_COMPANY: "Demo eAccounting BV"}


def numbered_companies(count: int) -> dict[str, str]:
    """``count`` companies: the demo one, then ``company-00002``, ``company-00003``, ...
    (for benchmarks of many administrations; a login picks one with ``company``)."""
    if count < 1:
        raise ValueError(f"the sandbox needs at least one company, not {count}")
    extra = {f"company-{n + 1:05d}": f"Bedrijf {n + 1} BV" for n in range(1, count)}
    return {**DEFAULT_COMPANIES, **extra}


@dataclass(frozen=True)
class EAccountingSandboxConfig:
    """Companies by key (the first is the one a login picks unless told otherwise)."""

    seed: int = 42
    companies: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_COMPANIES))
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
        """Sizes, limits, the redirect URI and the number of companies
        (``EACCOUNTING_SANDBOX_COMPANIES``, each with as many lines) from
        ``EACCOUNTING_SANDBOX_*`` variables."""
        env = os.environ
        return cls(
            seed=int(env.get("EACCOUNTING_SANDBOX_SEED", "42")),
            companies=numbered_companies(int(env.get("EACCOUNTING_SANDBOX_COMPANIES", "1"))),
            sizes=DataSizes(
                payment_terms=0,
                transaction_lines=int(env.get("EACCOUNTING_SANDBOX_TRANSACTION_LINES", "2000")),
            ),
            requests_per_minute=int(env.get("EACCOUNTING_SANDBOX_REQUESTS_PER_MINUTE", "600")),
            redirect_uri=env.get("EACCOUNTING_SANDBOX_REDIRECT_URI", DEMO_REDIRECT_URI),
        )
