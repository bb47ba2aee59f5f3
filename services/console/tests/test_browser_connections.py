"""Connections in a real Chromium: one that needs re-authorising is healed from the console."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from playwright.async_api import expect

from services.console.tests.pages import OPERATOR_TOKEN, row, start_sync
from tests.e2e.platform import authorize_exact

if TYPE_CHECKING:
    from services.console.tests.conftest import Console

pytestmark = [pytest.mark.e2e, pytest.mark.integration, pytest.mark.slow]


async def test_a_connection_that_lost_its_grant_is_reauthorised_and_heals(
    console: Console,
) -> None:
    await console.demo()
    page = await console.open(OPERATOR_TOKEN)
    await page.click(f'{row(page, "demo-exact")} button[data-select="demo-exact"]')
    connection = page.locator("#connection-box [data-connection-state]")
    await expect(connection).to_have_attribute("data-connection-state", "active")
    await expect(page.locator("#connection-box .reauth-form")).to_have_count(0)

    console.exact.state.tokens.revoke_all()  # the user withdrew the app's access at Exact
    await console.later(601)  # the access token expired: the connector must refresh
    await start_sync(page, "demo-exact", "full")
    state = page.locator(f"{row(page, 'demo-exact')} [data-state]")
    await expect(state).to_have_attribute("data-state", "failed", timeout=180_000)
    await expect(page.locator(f"{row(page, 'demo-exact')} .error-mark")).to_be_visible()
    await expect(connection).to_have_attribute(
        "data-connection-state", "reauthorization_required", timeout=30_000
    )
    await page.click("#connections-refresh")  # the connections view marks it too
    listed = page.locator('#connections tr[data-connection="demo-exact"]')
    await expect(listed.locator("[data-connection-state]")).to_have_attribute(
        "data-connection-state", "reauthorization_required"
    )
    await expect(listed.locator(".error-mark")).to_be_visible()
    await expect(listed.locator(".reauth-form")).to_be_visible()
    form = page.locator("#connection-box .reauth-form")
    await expect(form).to_contain_text("needs to be re-authorised")
    await console.screenshot(page, "reauthorisation-needed")

    await page.fill("#connection-box .reauth-secret", await authorize_exact(console.exact_url))
    await page.press("#connection-box .reauth-secret", "Enter")  # the keyboard submits the form
    await expect(page.locator("#confirm-text")).to_contain_text("demo-exact")
    await page.click("#confirm-ok")
    await expect(page.locator("#audit li").first).to_contain_text("re-authorise demo-exact")
    await expect(page.locator("#audit li").first).to_have_attribute("data-ok", "true")
    await expect(connection).to_have_attribute("data-connection-state", "active")
    await expect(form).to_have_count(0)
    await page.click("#connections-refresh")
    await expect(listed.locator("[data-connection-state]")).to_have_attribute(
        "data-connection-state", "active"
    )
    await expect(listed.locator(".error-mark")).to_have_count(0)
    assert (
        await page.locator("#connection-box .reauth-secret").count() == 0
    )  # the code left the page

    await start_sync(page, "demo-exact", "full")
    await expect(state).to_have_attribute("data-state", "succeeded", timeout=180_000)
    await expect(page.locator(f"{row(page, 'demo-exact')} .error-mark")).to_have_count(0)
    await console.screenshot(page, "reauthorised")
