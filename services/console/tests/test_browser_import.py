"""Importing administrations in a real Chromium: from the connections list, for every package,
each chosen administration answered registered or refused."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from playwright.async_api import Page, expect

from services.console.tests.pages import OPERATOR_TOKEN, row

if TYPE_CHECKING:
    from services.console.tests.conftest import Console

pytestmark = [pytest.mark.e2e, pytest.mark.integration, pytest.mark.slow]


async def import_all(page: Page, connection_id: str) -> list[str]:
    """List what the connection reaches from its row, choose all, confirm; the codes."""
    await page.click(f'#connections tr[data-connection="{connection_id}"] button[data-import]')
    boxes = page.locator("#import-list input[type=checkbox]")
    await expect(boxes.first).to_be_visible(timeout=30_000)
    codes = [await box.get_attribute("value") or "" for box in await boxes.all()]
    for box in await boxes.all():
        await box.check()
    await page.click("#import-selected")
    await expect(page.locator("#confirm-text")).to_contain_text(connection_id)
    await page.click("#confirm-ok")
    await expect(page.locator("#import-results li")).to_have_count(len(codes))
    return codes


async def test_an_exact_connection_is_listed_and_its_divisions_imported_once(
    console: Console,
) -> None:
    await console.connect("demo-exact", "demo")
    page = await console.open(OPERATOR_TOKEN)
    listed = page.locator('#connections tr[data-connection="demo-exact"]')
    await expect(listed).to_contain_text("Exact Online")
    await expect(listed.locator("[data-connection-state]")).to_have_attribute(
        "data-connection-state", "active"
    )
    codes = await import_all(page, "demo-exact")
    for code in codes:
        await expect(page.locator(row(page, f"exact-{code}"))).to_be_visible()
        created = page.locator(f'#import-results li[data-code="{code}"]')
        await expect(created).to_have_attribute("data-outcome", "created")
    await expect(page.locator("#audit li").first).to_contain_text("import demo-exact")
    await console.screenshot(page, "imported")

    await page.click("#import-selected")  # the same ones again: each refused, saying why
    await page.click("#confirm-ok")
    refused = page.locator(f'#import-results li[data-code="{codes[0]}"]')
    await expect(refused).to_have_attribute("data-outcome", "refused")
    await expect(refused).to_contain_text(re.compile("already_registered|exists"))
    await expect(page.locator("#audit li").first).to_have_attribute("data-ok", "false")


@pytest.mark.parametrize("package", ["twinfield", "snelstart"])
async def test_administrations_of_a_twinfield_or_snelstart_connection_are_imported(
    every_package: Console, package: str
) -> None:
    credentials = await every_package.connect_package(package, f"demo-{package}", "demo")
    await every_package.connect_package("exact", "other-exact", "other")
    page = await every_package.open(OPERATOR_TOKEN)
    await expect(page.locator("#connections tbody tr")).to_have_count(2)
    codes = await import_all(page, f"demo-{package}")
    assert codes
    for code in codes:
        admin = page.locator(row(page, f"{package}-{code}"))
        await expect(admin).to_be_visible()
        await expect(admin).to_contain_text("demo")
    await every_package.screenshot(page, f"imported-{package}")

    tenant = await every_package.open("token-of-demo")  # a tenant sees its own connections only
    await expect(tenant.locator("#connections tbody tr")).to_have_count(1)
    assert "other-exact" not in await tenant.content()
    for secret in credentials.values():  # the code or client key never reaches the page
        assert secret not in await page.content() + await tenant.content()
