"""connector-exact and the ledger-store keep a mirror equal to the Exact sandbox."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import httpx
import pytest

from ledgerbus_connector_exact.exact.values import parse_date
from ledgerbus_contracts import EntityType
from ledgerbus_servicekit import ServiceSettings
from ledgerbus_servicekit.testing import eventually, running_app, served_app
from tests.e2e.mirror import differences
from tests.e2e.platform import OPERATOR, connect_demo_exact, exact_sandbox, platform_apps

pytestmark = [pytest.mark.e2e, pytest.mark.integration]
ALL = list(EntityType)
DELETES_REPORTED = [
    EntityType.TRANSACTION_LINE,
    EntityType.CONTACT,
    EntityType.GL_ACCOUNT,
    EntityType.PAYMENT_TERM,
    EntityType.PROJECT,
]


async def expected_balances(exact_url: str, until: dt.date) -> dict[str, Decimal]:
    """Per GL account, the sum of the sandbox's lines dated up to ``until``."""
    async with httpx.AsyncClient(base_url=exact_url) as sandbox:
        lines = (
            await sandbox.get("/_sandbox/administrations/100001/records/transaction_line")
        ).json()["records"]
    sums: dict[str, Decimal] = {}
    for line in lines:
        if parse_date(line["Date"]) <= until:  # type: ignore[operator]
            code = line["GLAccountCode"].strip()
            sums[code] = sums.get(code, Decimal(0)) + Decimal(str(line["AmountDC"]))
    return sums


async def sync(scheduler: httpx.AsyncClient, ledger: httpx.AsyncClient, mode: str) -> Any:
    requested = await scheduler.post(
        "/v1/administrations/demo-exact/syncs", json={"mode": mode}, headers=OPERATOR
    )
    sync_id = requested.json()["sync_id"]

    async def ended() -> Any:
        body = (await ledger.get(f"/v1/syncs/{sync_id}", headers=OPERATOR)).json()
        return body if body.get("state") in ("succeeded", "failed", "needs_attention") else None

    return await eventually(ended, timeout=120, what=f"{mode} sync {sync_id}")


async def test_full_then_incremental_after_mutations_keep_the_mirror_equal(
    service_settings: Callable[..., ServiceSettings],
) -> None:
    async with served_app(exact_sandbox()) as exact_url:
        apps = platform_apps(service_settings, exact_url)
        async with (
            running_app(apps.ledger_store) as ledger,
            running_app(apps.scheduler) as scheduler,
            running_app(apps.connector_exact) as connector,
        ):
            await connect_demo_exact(connector, scheduler, exact_url)
            full = await sync(scheduler, ledger, "full")
            after_full = await differences(ledger, "demo-exact", exact_url, "100001", ALL)
            balance = (
                await ledger.get(
                    "/v1/administrations/demo-exact/trial-balance",
                    params={"date": "2025-06-30"},
                    headers=OPERATOR,
                )
            ).json()
            expected = await expected_balances(exact_url, dt.date(2025, 6, 30))

            deleted = 0  # a transaction line's delete removes its whole entry
            async with httpx.AsyncClient(base_url=exact_url) as sandbox:
                for entity_type in ALL:
                    deletes = 2 if entity_type in DELETES_REPORTED else 0
                    response = await sandbox.post(
                        "/_sandbox/administrations/100001/mutations",
                        json={
                            "entity_type": entity_type,
                            "create": 3,
                            "update": 2,
                            "delete": deletes,
                        },
                    )
                    assert response.status_code == 200, response.text
                    deleted += len(response.json()["deleted"])
            incremental = await sync(scheduler, ledger, "incremental")
            after_incremental = await differences(ledger, "demo-exact", exact_url, "100001", ALL)
    assert full["state"] == "succeeded" and after_full == {}
    assert {a["gl_account_code"]: Decimal(a["balance"]) for a in balance["accounts"]} == expected
    assert Decimal(balance["total_debit"]) == Decimal(balance["total_credit"]) > 0
    assert incremental["state"] == "succeeded", incremental
    assert after_incremental == {}
    assert sum(incremental["deleted"].values()) == deleted > 2 * len(DELETES_REPORTED)
