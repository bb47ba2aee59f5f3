"""Postings per administration in a real Chromium: booked and refused ones, with the error."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import httpx
import pytest
from playwright.async_api import expect

from ledgerbus_servicekit.testing import eventually
from services.console.tests.pages import OPERATOR_TOKEN, row
from tests.e2e.platform import OPERATOR
from tests.e2e.postings import journal

if TYPE_CHECKING:
    from services.console.tests.conftest import Console

pytestmark = [pytest.mark.e2e, pytest.mark.integration, pytest.mark.slow]


async def posted(console: Console, body: dict[str, Any]) -> dict[str, Any]:
    """Post through the ledger-store's API and wait until it ends."""
    answer = await console.ledger.post(
        "/v1/administrations/demo-exact/postings", json=body, headers=OPERATOR
    )
    assert answer.status_code == 202, answer.text

    async def ended() -> dict[str, Any] | None:
        seen = await console.ledger.get(f"/v1/postings/{body['posting_id']}", headers=OPERATOR)
        view: dict[str, Any] = seen.json()
        return view if view.get("state") in ("succeeded", "failed", "refused") else None

    return await eventually(ended, timeout=120, what=f"posting {body['posting_id']}")


async def test_the_postings_of_an_administration_show_booked_and_failed_ones(
    console: Console,
) -> None:
    await console.demo()
    started = await console.scheduler.post(
        "/v1/administrations/demo-exact/syncs", json={"mode": "full"}, headers=OPERATOR
    )
    assert started.status_code in (200, 201, 202), started.text
    (synced,) = await console.finished("demo-exact")
    assert synced["state"] == "succeeded", synced
    opened = await console.ledger.patch(
        "/v1/administrations/demo-exact/dossier",
        json={"active_period": "2026-11"},
        headers=OPERATOR,
    )
    assert opened.status_code == 200, opened.text
    booked = await posted(console, journal("je-1", "MEM"))
    async with httpx.AsyncClient(base_url=console.exact_url) as sandbox:
        fault = await sandbox.post(
            "/_sandbox/faults", json={"status": 400, "path_contains": "GeneralJournal"}
        )
        assert fault.status_code == 201, fault.text
    failed = await posted(console, journal("je-refused", "MEM"))
    assert (booked["state"], failed["state"]) == ("succeeded", "failed")

    page = await console.open(OPERATOR_TOKEN)
    await page.click(f'{row(page, "demo-exact")} button[data-select="demo-exact"]')
    good = page.locator('#postings tr[data-posting-id="je-1"]')
    await expect(good.locator("[data-state]")).to_have_attribute("data-state", "succeeded")
    await expect(good).to_contain_text("journal entry")
    bad = page.locator('#postings tr[data-posting-id="je-refused"]')
    await expect(bad.locator("[data-state]")).to_have_attribute("data-state", "failed")
    await expect(bad.locator(".error-mark")).to_be_visible()
    await expect(bad.locator(".error-message")).not_to_be_empty()
    await page.select_option("#language", "nl")
    await expect(good).to_contain_text("memoriaalboeking")
    await console.screenshot(page, "postings")
