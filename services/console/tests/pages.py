"""What the browser tests do on a console page: find a row, start a sync."""

from __future__ import annotations

from playwright.async_api import Page, expect

OPERATOR_TOKEN = "dev-operator-token"  # the documented local-mode token


def row(page: Page, admin_id: str) -> str:
    """The selector of an administration's row."""
    return f'#administrations tr[data-id="{admin_id}"]'


async def start_sync(page: Page, admin_id: str, mode: str) -> None:
    """Choose the administration, start a sync of ``mode`` and confirm it."""
    await page.click(f'{row(page, admin_id)} button[data-select="{admin_id}"]')
    await page.select_option("#sync-mode", mode)
    await page.click("#sync-now")
    await expect(page.locator("#confirm")).to_be_visible()
    await page.click("#confirm-ok")
    await expect(page.locator("#audit li").first).to_contain_text(f"sync {mode} {admin_id}")
