"""Hundreds of failures for one recipient within the window become one digest."""

from __future__ import annotations

from collections.abc import Callable

from ledgerbus_devtools.smtp_sink import SmtpSink
from ledgerbus_notifier.core.config import Settings
from ledgerbus_notifier.main import create_app
from ledgerbus_notifier.testing import (
    OPERATOR,
    TENANT,
    failed,
    notifications,
    publish,
    publisher,
    text_of,
)
from ledgerbus_servicekit import FakeClock
from ledgerbus_servicekit.testing import eventually, running_app


async def test_500_failures_for_one_recipient_become_a_digest(
    notifier_settings: Callable[..., Settings],
    sink: SmtpSink,
    clock: FakeClock,
    kafka_bootstrap: str,
    topic_prefix: str,
) -> None:
    settings = notifier_settings(storm_threshold=3, digest_delay_seconds=60)
    async with running_app(create_app(settings, clock)) as client:
        await client.put(
            f"/v1/tenants/{TENANT}/recipients",
            headers=OPERATOR,
            json={"administrators": ["office@example.org"]},
        )
        async with publisher(kafka_bootstrap, topic_prefix) as events:
            await publish(events, [failed(f"adm-{i:03d}", f"sync-{i:03d}") for i in range(500)])

        async def all_recorded() -> list[dict[str, object]] | None:
            rows = await notifications(client)
            return rows if len(rows) == 500 and len(sink.messages) == 3 else None

        rows = await eventually(all_recorded, what="500 failures recorded, 3 mailed")
        assert sorted(str(r["state"]) for r in rows).count("held") == 497

        clock.advance(61)  # the digest delay has passed

        async def digest_sent() -> list[dict[str, object]] | None:
            rows = [r for r in await notifications(client) if r["kind"] == "digest"]
            return rows if rows and rows[0]["state"] == "sent" else None

        [digest] = await eventually(digest_sent, what="the digest")
        assert len(sink.messages) == 4 and all(r == ["office@example.org"] for r in sink.recipients)
        mail = sink.messages[-1]
        assert mail["Subject"] == "497 meldingen over synchronisaties"
        text = text_of(mail)
        assert text.count("synchronisatie sync-") == 497 and "adm-499" in text
        members = [r for r in await notifications(client) if r["digest_id"]]
        assert len(members) == 497 and {r["digest_id"] for r in members} == {
            digest["notification_id"]
        }
        assert all(r["state"] == "digested" for r in members)
