"""A full sync of each package's demo administration leaves a ledger that balances.

Per package: the sandbox over HTTP, its connector, the ledger-store, real Kafka and
PostgreSQL. After a full sync of the demo administration, the ledger-store's trial
balance over all accounts is zero (debit equals credit) and equals, account by
account, the sandbox's own (``GET /_sandbox/administrations/{id}/trial-balance``);
so it is again after users booked, changed and deleted entries and the next full
sync.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from decimal import Decimal
from typing import Any

import httpx
import pytest

from ledgerbus_connectorkit.testing import ConformanceRig
from ledgerbus_contracts import Package, SyncMode
from ledgerbus_ledger_store.core.config import Settings as LedgerSettings
from ledgerbus_ledger_store.main import create_app as create_ledger_store
from ledgerbus_servicekit import ServiceSettings
from ledgerbus_servicekit.testing import eventually, running_app, served_app

pytestmark = [pytest.mark.e2e, pytest.mark.integration]
OPERATOR = {"Authorization": "Bearer dev-operator-token"}
EVER = "2999-12-31"
Rig = Callable[[Callable[..., Any]], AbstractAsyncContextManager[ConformanceRig]]


@asynccontextmanager
async def exact_rig(service_settings: Callable[..., Any]) -> AsyncIterator[ConformanceRig]:
    from ledgerbus_connector_exact.core.config import Settings
    from ledgerbus_connector_exact.main import create_app
    from ledgerbus_sandboxes.exact import create_app as create_sandbox
    from ledgerbus_sandboxes.exact.consent import authorize

    async with served_app(create_sandbox()) as sandbox_url:
        settings = service_settings(Settings, exact_base_url=sandbox_url)
        async with running_app(create_app(settings)) as connector:
            code = await authorize(sandbox_url)
            created = await connector.post(
                "/v1/connections", json={"code": code, "tenant_id": "conformance"}, headers=OPERATOR
            )
            assert created.status_code == 201, created.text
            yield ConformanceRig(
                Package.EXACT,
                sandbox_url,
                "100001",
                created.json()["id"],
                settings.kafka_bootstrap_servers,
                settings.topics,
            )


@asynccontextmanager
async def snelstart_rig(service_settings: Callable[..., Any]) -> AsyncIterator[ConformanceRig]:
    from ledgerbus_connector_snelstart.testing import snelstart_rig as rig

    async with rig(service_settings) as (conformance, _):
        yield conformance


@asynccontextmanager
async def twinfield_rig(service_settings: Callable[..., Any]) -> AsyncIterator[ConformanceRig]:
    from ledgerbus_connector_twinfield.testing import twinfield_rig as rig

    async with rig(service_settings) as (conformance, _):
        yield conformance


RIGS: dict[str, Rig] = {"exact": exact_rig, "snelstart": snelstart_rig, "twinfield": twinfield_rig}


async def full_sync(rig: ConformanceRig, ledger: httpx.AsyncClient) -> dict[str, Any]:
    """Request a full sync through Kafka and wait until the ledger-store has applied it."""
    sync_id = await rig.request(SyncMode.FULL)

    async def ended() -> dict[str, Any] | None:
        response = await ledger.get(f"/v1/syncs/{sync_id}", headers=OPERATOR)
        body: dict[str, Any] = response.json() if response.status_code == 200 else {}
        return body if body.get("state") in ("succeeded", "failed", "needs_attention") else None

    return await eventually(ended, timeout=240, what=f"full sync {sync_id} in the ledger")


def balances(trial_balance: dict[str, Any]) -> dict[str, tuple[Decimal, Decimal]]:
    return {
        a["gl_account_code"]: (Decimal(a["debit"]), Decimal(a["credit"]))
        for a in trial_balance["accounts"]
    }


async def trial_balances(
    rig: ConformanceRig, ledger: httpx.AsyncClient
) -> tuple[dict[str, Any], dict[str, Any]]:
    """(the ledger-store's trial balance over all accounts, the sandbox's own)."""
    mirrored: dict[str, Any] = (
        await ledger.get(
            f"/v1/administrations/{rig.administration_id}/trial-balance",
            params={"date": EVER},
            headers=OPERATOR,
        )
    ).json()
    async with httpx.AsyncClient(base_url=rig.sandbox_url) as sandbox:
        own: dict[str, Any] = (
            await sandbox.get(f"/_sandbox/administrations/{rig.external_id}/trial-balance")
        ).json()
    return mirrored, own


async def mutate_lines(rig: ConformanceRig) -> dict[str, list[str]]:
    """Users book, change and delete entries in the package."""
    async with httpx.AsyncClient(base_url=rig.sandbox_url) as sandbox:
        response = await sandbox.post(
            f"/_sandbox/administrations/{rig.external_id}/mutations",
            json={"entity_type": "transaction_line", "create": 3, "update": 3, "delete": 3},
        )
    assert response.status_code == 200, response.text
    touched: dict[str, list[str]] = response.json()
    return touched


@pytest.mark.parametrize("package", sorted(RIGS))
async def test_a_full_sync_leaves_a_ledger_whose_trial_balance_is_the_sandboxs_and_zero(
    package: str, service_settings: Callable[..., ServiceSettings]
) -> None:
    async with (
        RIGS[package](service_settings) as rig,
        running_app(create_ledger_store(service_settings(LedgerSettings))) as ledger,  # type: ignore[arg-type]
    ):
        first = await full_sync(rig, ledger)
        mirrored, own = await trial_balances(rig, ledger)
        touched = await mutate_lines(rig)
        second = await full_sync(rig, ledger)
        mirrored_after, own_after = await trial_balances(rig, ledger)
    assert first["state"] == "succeeded", first
    assert own["balance"] == "0.00" and Decimal(own["total_debit"]) > 0
    assert Decimal(mirrored["total_debit"]) == Decimal(mirrored["total_credit"])
    assert balances(mirrored) == balances(own)
    assert all(touched.values()), touched
    assert second["state"] == "succeeded", second
    assert own_after["balance"] == "0.00" and balances(own_after) != balances(own)
    assert Decimal(mirrored_after["total_debit"]) == Decimal(mirrored_after["total_credit"])
    assert balances(mirrored_after) == balances(own_after)
