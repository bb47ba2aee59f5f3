"""What the night bench needs to know of each package: its many administrations, its
connections, its small change set and the limit its calls draw on.

Exact: ``EXACT_SANDBOX_DIVISIONS`` divisions (100001, ...), one connection whose user sees
them all, 60 calls a minute and 5,000 a day per division. eAccounting:
``EACCOUNTING_SANDBOX_COMPANIES`` companies, one connection per company (a token opens
the one company its user chose), 600 calls a minute per client and endpoint, shared by
every company, and no daily limit. Twinfield: ``TWINFIELD_SANDBOX_OFFICES`` offices, one
connection (a Twinfield user sees every office of the organisation), 1,000 calls a minute
for the whole organisation (its fair use). SnelStart: ``SNELSTART_SANDBOX_ADMINISTRATIONS``
administrations, one connection each (a client key opens one administration), 600 calls
a minute for the app's subscription key, shared by every administration.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx

from ledgerbus_contracts import PackageDeclaration, declared_packages
from ledgerbus_sandboxes.eaccounting.config import numbered_companies
from ledgerbus_sandboxes.eaccounting.testing import authorize as eaccounting_code
from ledgerbus_sandboxes.exact.config import numbered_divisions
from ledgerbus_sandboxes.exact.consent import authorize as exact_code
from ledgerbus_sandboxes.snelstart.app import numbered_administrations
from ledgerbus_sandboxes.twinfield.app import numbered_offices

OPERATOR = {"Authorization": "Bearer dev-operator-token"}
TENANT = "bench"
LINES_PER_ADMINISTRATION = 30
"""Transaction lines of each administration: a small one, cheap to set up."""
CHANGES = (
    {"entity_type": "transaction_line", "create": 1, "update": 1},
    {"entity_type": "contact", "update": 1},
)
"""A night's changes in one administration: an entry booked, one entry's amount changed,
one relation renamed."""
Credentials = Callable[[str, str], Awaitable[dict[str, str]]]
"""(sandbox URL, external id) -> the body of the connector's ``PUT /v1/connections/{id}``
(an authorization code or a client key) that opens the administration."""


@dataclass(frozen=True)
class NightPackage:
    """One package as the night bench plays it."""

    name: str
    count_variable: str
    """The sandbox's variable for how many administrations it serves."""
    external_ids: Callable[[int], list[str]]
    credentials: Credentials
    shared_connection: bool
    """One connection reaches every administration (else one connection each)."""
    daily_budget: int | None
    """Calls a day per administration, if the package has such a limit."""
    minute_limit: int
    minute_limit_scope: str
    per_endpoint: bool
    """The minute limit counts each endpoint on its own (else every call together)."""
    mutations: tuple[dict[str, Any], ...]

    @property
    def declaration(self) -> PackageDeclaration:
        """The package's declaration (its modules, ports and variables)."""
        return declared_packages()[self.name]

    def sandbox_env(self, count: int) -> dict[str, str]:
        """The sandbox's environment: ``count`` small administrations, its own limits."""
        prefix = f"{self.name.upper()}_SANDBOX"
        return {
            self.count_variable: str(count),
            f"{prefix}_TRANSACTION_LINES": str(LINES_PER_ADMINISTRATION),
        }

    def connection_of(self, n: int) -> str:
        """The connection id of the ``n``-th administration."""
        return "night" if self.shared_connection else f"night-{n:05d}"

    async def connect(self, connector: httpx.AsyncClient, sandbox_url: str, ids: list[str]) -> None:
        """Make the connections the administrations ``ids`` use (through the consent page)."""
        for n, external_id in enumerate(ids[:1] if self.shared_connection else ids):
            connected = await connector.put(
                f"/v1/connections/{self.connection_of(n)}",
                headers=OPERATOR,
                json={**await self.credentials(sandbox_url, external_id), "tenant_id": TENANT},
            )
            connected.raise_for_status()


async def _exact_code(sandbox_url: str, _division: str) -> dict[str, str]:
    return {"code": await exact_code(sandbox_url)}


async def _twinfield_code(sandbox_url: str, _office: str) -> dict[str, str]:
    async with httpx.AsyncClient(base_url=sandbox_url) as sandbox:
        answer = await sandbox.get("/_sandbox/demo-credentials")
        answer.raise_for_status()
        return {"code": str(answer.json()["code"])}


async def _eaccounting_code(sandbox_url: str, company: str) -> dict[str, str]:
    return {"code": await eaccounting_code(sandbox_url, company=company)}


async def _snelstart_key(_sandbox_url: str, administration: str) -> dict[str, str]:
    """The client key the sandbox gave the administration (the n-th of
    ``numbered_administrations``, n its id's last digits)."""
    _, client_key = numbered_administrations(int(administration[-12:]))[administration]
    return {"client_key": client_key}


PACKAGES = {
    "exact": NightPackage(
        name="exact",
        count_variable="EXACT_SANDBOX_DIVISIONS",
        external_ids=lambda count: [str(d) for d in numbered_divisions(count)],
        credentials=_exact_code,
        shared_connection=True,
        daily_budget=5_000,
        minute_limit=60,
        minute_limit_scope="per division",
        per_endpoint=False,
        mutations=CHANGES,
    ),
    "eaccounting": NightPackage(
        name="eaccounting",
        count_variable="EACCOUNTING_SANDBOX_COMPANIES",
        external_ids=lambda count: list(numbered_companies(count)),
        credentials=_eaccounting_code,
        shared_connection=False,
        daily_budget=None,
        minute_limit=600,
        minute_limit_scope="per endpoint, all companies together",
        per_endpoint=True,
        mutations=CHANGES,
    ),
    "twinfield": NightPackage(
        name="twinfield",
        count_variable="TWINFIELD_SANDBOX_OFFICES",
        external_ids=lambda count: list(numbered_offices(count)),
        credentials=_twinfield_code,
        shared_connection=True,
        daily_budget=None,
        minute_limit=1000,
        minute_limit_scope="for the whole organisation",
        per_endpoint=False,
        mutations=CHANGES,
    ),
    "snelstart": NightPackage(
        name="snelstart",
        count_variable="SNELSTART_SANDBOX_ADMINISTRATIONS",
        external_ids=lambda count: list(numbered_administrations(count)),
        credentials=_snelstart_key,
        shared_connection=False,
        daily_budget=None,
        minute_limit=600,
        minute_limit_scope="for the app's subscription key",
        per_endpoint=False,
        mutations=CHANGES,
    ),
}
