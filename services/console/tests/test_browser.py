"""The console in a real Chromium against the platform served over HTTP."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import httpx
import pytest
from playwright.async_api import expect

from services.console.tests.pages import OPERATOR_TOKEN, row, start_sync

if TYPE_CHECKING:
    from services.console.tests.conftest import Console

pytestmark = [pytest.mark.e2e, pytest.mark.integration, pytest.mark.slow]


async def test_a_full_sync_shows_its_progress_until_the_row_turns_succeeded(
    console: Console,
) -> None:
    await console.demo()
    async with httpx.AsyncClient(base_url=console.exact_url) as sandbox:
        slow = await sandbox.put("/_sandbox/faults", json={"latency_ms": 400})
        assert slow.status_code == 200, slow.text
    page = await console.open(OPERATOR_TOKEN)
    await expect(page.locator(row(page, "demo-exact"))).to_contain_text("Demo Exact BV")
    await page.evaluate("window.notReloaded = true")
    await start_sync(page, "demo-exact", "full")
    state = page.locator(f"{row(page, 'demo-exact')} [data-state]")
    await expect(state).to_have_attribute("data-state", "running", timeout=60_000)
    lines = page.locator(
        f"{row(page, 'demo-exact')} [role=progressbar][data-type=transaction_line]"
    )
    await expect(lines).to_be_attached(timeout=60_000)
    assert await lines.get_attribute("aria-valuenow") != "100"  # live, before the end
    await console.screenshot(page, "full-sync-running")
    await expect(state).to_have_attribute("data-state", "succeeded", timeout=180_000)
    await expect(lines).to_have_attribute("aria-valuenow", "100")
    assert await page.evaluate("window.notReloaded") is True
    counted = page.locator(f"{row(page, 'demo-exact')} [role=progressbar][data-type=vat_code]")
    await expect(counted).to_have_attribute("aria-valuenow", "100")
    await expect(counted).to_have_attribute("aria-label", re.compile(r"vat_code: (\d+) / \1 "))
    await expect(page.locator("#runs tbody tr").first).to_contain_text("full")
    trace = page.locator("#runs tbody tr a", has_text="trace").first
    assert "annotationQuery=ledgerbus.sync_id%3D" in (await trace.get_attribute("href") or "")
    await console.screenshot(page, "full-sync-succeeded")


async def test_a_sync_against_a_failing_sandbox_shows_the_error_mark_and_message(
    console: Console,
) -> None:
    await console.demo()
    async with httpx.AsyncClient(base_url=console.exact_url) as sandbox:
        failing = await sandbox.put("/_sandbox/faults", json={"error_rate": 1.0})
        assert failing.status_code == 200, failing.text
    page = await console.open(OPERATOR_TOKEN)
    await start_sync(page, "demo-exact", "full")
    state = page.locator(f"{row(page, 'demo-exact')} [data-state]")
    await expect(state).to_have_attribute("data-state", "failed", timeout=180_000)
    await expect(page.locator(f"{row(page, 'demo-exact')} .error-mark")).to_be_visible()
    message = page.locator(f"{row(page, 'demo-exact')} .error-message")
    await expect(message).to_contain_text("503")
    await console.screenshot(page, "sync-failed")


async def test_held_deletions_are_released_from_the_console(console: Console) -> None:
    await console.demo()
    page = await console.open(OPERATOR_TOKEN)
    await start_sync(page, "demo-exact", "full")
    await console.finished("demo-exact")
    async with httpx.AsyncClient(base_url=console.exact_url) as sandbox:
        accounts = (
            await sandbox.get("/_sandbox/administrations/100001/records/gl_account")
        ).json()["records"]
        for account in accounts[: len(accounts) // 2]:
            gone = await sandbox.delete(
                f"/_sandbox/administrations/100001/records/gl_account/{account['ID']}"
            )
            assert gone.status_code in (200, 204), gone.text
    await start_sync(page, "demo-exact", "full")
    state = page.locator(f"{row(page, 'demo-exact')} [data-state]")
    await expect(state).to_have_attribute("data-state", "needs_attention", timeout=180_000)
    await expect(page.locator(f"{row(page, 'demo-exact')} .error-mark")).to_be_visible()
    await expect(page.locator(f"{row(page, 'demo-exact')} .error-message")).to_contain_text(
        "mass-deletion guard"
    )
    await console.screenshot(page, "held-deletions")
    await page.click("#runs button[data-action=release]")
    confirmation = page.locator("#confirm-text")
    await expect(confirmation).to_contain_text(f"gl_account: {len(accounts) // 2}")
    await expect(confirmation).not_to_contain_text("about")  # the ledger-store's own count
    await page.click("#confirm-ok")
    await expect(state).to_have_attribute("data-state", "succeeded", timeout=60_000)
    await expect(page.locator("#runs tbody tr").first).to_contain_text(
        f"gl_account: {len(accounts) // 2}"
    )
    await console.screenshot(page, "held-deletions-released")


async def test_a_tenant_token_sees_only_its_tenants_administrations(console: Console) -> None:
    await console.demo()
    await console.connect("other-exact", "other")
    await console.register("other-exact", "other", "other-exact", "Other Tenant BV")
    operator = await console.open(OPERATOR_TOKEN)
    await expect(operator.locator(row(operator, "other-exact"))).to_be_visible()
    await expect(operator.locator(row(operator, "demo-exact"))).to_be_visible()
    tenant = await console.open("token-of-demo")
    await expect(tenant.locator(row(tenant, "demo-exact"))).to_be_visible()
    await expect(tenant.locator("#administrations tbody tr")).to_have_count(1)
    assert "other-exact" not in await tenant.content()
    assert "Other Tenant" not in await tenant.content()
    await console.screenshot(tenant, "tenant-view")


async def test_the_page_is_labelled_keyboard_usable_and_dutch_on_request(console: Console) -> None:
    await console.demo()
    page = await console.open(OPERATOR_TOKEN)
    unlabelled = await page.evaluate(
        """() => [...document.querySelectorAll("input, select")]
            .filter((e) => !e.labels?.length && !e.getAttribute("aria-label"))
            .map((e) => e.id || e.outerHTML)"""
    )
    assert unlabelled == []
    await page.focus('button[data-select="demo-exact"]')
    await page.keyboard.press("Enter")
    await expect(page.locator("#detail")).to_be_visible()
    await expect(page.locator("#detail-title")).to_be_focused()
    await page.select_option("#language", "nl")
    await expect(page.locator("#administrations-title")).to_have_text("Administraties")
    await expect(page.locator("#sync-now")).to_have_text("Synchronisatie starten")
    await console.screenshot(page, "dutch")
