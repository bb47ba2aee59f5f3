from __future__ import annotations

from collections.abc import Callable

from ledgerbus_notifier.core.config import Settings
from ledgerbus_notifier.main import create_app
from ledgerbus_servicekit.testing import running_app


async def test_starts_and_is_ready(service_settings: Callable[..., Settings]) -> None:
    async with running_app(create_app(service_settings(Settings))) as client:
        assert (await client.get("/healthz")).json() == {"status": "ok"}
        ready = await client.get("/readyz")
        assert ready.status_code == 200, ready.text
        assert ready.json()["checks"] == {"postgres": True, "consumer:notifier": True}
