"""The Exact sandbox's settings: its divisions, data sizes, app credentials and limits."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from ledgerbus_sandboxes.common import DataSizes

DEMO_REDIRECT_URI = "http://127.0.0.1:8011/v1/connections/callback"
DEFAULT_DIVISIONS = {100001: "Demo Exact BV", 100002: "Tweede Administratie BV"}


def numbered_divisions(count: int) -> dict[int, str]:
    """``count`` divisions: the two default ones, then 100003, 100004, ... (for benchmarks)."""
    if count < 1:
        raise ValueError(f"the sandbox needs at least one division, not {count}")
    names = list(DEFAULT_DIVISIONS.items())
    names += [(100_001 + n, f"Administratie {n + 1} BV") for n in range(len(names), count)]
    return dict(names[:count])


@dataclass(frozen=True)
class ExactSandboxConfig:
    """Divisions by number; the first is the user's current division."""

    seed: int = 42
    divisions: dict[int, str] = field(default_factory=lambda: dict(DEFAULT_DIVISIONS))
    sizes: DataSizes = field(default_factory=DataSizes)
    client_id: str = "ledgerbus-demo"
    client_secret: str = "demo-secret"  # noqa: S105 - the sandbox's well-known demo secret
    redirect_uri: str = DEMO_REDIRECT_URI
    """The app's registered redirect URI: the consent page and the code exchange want it."""
    minutely_limit: int = 60
    daily_limit: int = 5_000
    access_token_seconds: int = 600
    refresh_interval_seconds: int = 570
    sync_page_size: int = 1_000
    regular_page_size: int = 60

    @classmethod
    def from_env(cls) -> ExactSandboxConfig:
        """Sizes, limits and the number of divisions (``EXACT_SANDBOX_DIVISIONS``, each with
        as many lines) from ``EXACT_SANDBOX_*`` variables (for demos and benchmarks)."""
        env = os.environ
        return cls(
            seed=int(env.get("EXACT_SANDBOX_SEED", "42")),
            divisions=numbered_divisions(int(env.get("EXACT_SANDBOX_DIVISIONS", "2"))),
            sizes=DataSizes(
                transaction_lines=int(env.get("EXACT_SANDBOX_TRANSACTION_LINES", "2000"))
            ),
            minutely_limit=int(env.get("EXACT_SANDBOX_MINUTELY_LIMIT", "60")),
            daily_limit=int(env.get("EXACT_SANDBOX_DAILY_LIMIT", "5000")),
            redirect_uri=env.get("EXACT_SANDBOX_REDIRECT_URI", DEMO_REDIRECT_URI),
        )
