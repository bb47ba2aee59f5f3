"""SIGKILL the notifier while it sends: every mail goes out, none twice under two ids.

The notifier runs as a real process against an SMTP sink that takes a while over each
mail; it is killed after a few mails went out, with another in flight, and started
again. Each administrator then has the mail of their failed sync: one Message-ID each.
The one mail that was in flight may arrive twice, with the same Message-ID (the
crash window the notifier documents: never lose a mail; a receiver can drop the copy).
"""

from __future__ import annotations

import signal
import time
from collections.abc import Callable
from email.message import EmailMessage
from pathlib import Path

import httpx
import pytest

from ledgerbus_devtools.processes import environment, healthy, service_process
from ledgerbus_devtools.smtp_sink import SmtpSink
from ledgerbus_notifier.core.config import Settings as NotifierSettings
from ledgerbus_notifier.testing import failed, publish, publisher, set_recipients
from ledgerbus_servicekit import ServiceSettings
from ledgerbus_servicekit.testing import eventually, free_port

pytestmark = [pytest.mark.e2e, pytest.mark.integration, pytest.mark.slow]
ADMINS = [f"kill-{i:02d}" for i in range(8)]


class SlowSink(SmtpSink):
    """An SMTP sink that takes ``seconds`` over each mail before it answers."""

    seconds = 0.4

    def keep(self, raw: bytes, recipients: list[str]) -> None:
        """Keep the mail after a pause (the sender waits for the reply meanwhile)."""
        time.sleep(self.seconds)
        super().keep(raw, recipients)


def _ids_by_recipient(messages: list[EmailMessage]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for message in messages:
        found.setdefault(str(message["To"]), set()).add(str(message["Message-ID"]))
    return found


@pytest.mark.fault("SIGKILL notifier mid-send")
async def test_a_killed_notifier_sends_every_mail_under_one_message_id(
    service_settings: Callable[..., ServiceSettings],
    tmp_path: Path,
    record_property: Callable[[str, object], None],
) -> None:
    settings = service_settings(NotifierSettings)
    log, port = tmp_path / "notifier.log", free_port()
    async with SlowSink(port=free_port()) as sink:
        env = environment(
            settings,
            SMTP_PORT=str(sink.port),
            DELIVERY_POLL_SECONDS="0.1",
            # Mails the killed process had claimed go again once their lease ends: seconds
            # here (a batch of two takes under one), five minutes by default.
            DELIVERY_BATCH_SIZE="2",
            DELIVERY_LEASE_SECONDS="5",
        )
        with service_process("ledgerbus_notifier", env, "NOTIFIER_PORT", log, port) as (
            first,
            url,
        ):
            await eventually(lambda: healthy(url), timeout=90, what="the notifier")
            async with httpx.AsyncClient(base_url=url, timeout=30) as client:
                for admin in ADMINS:  # one recipient each: no storm digest
                    await set_recipients(client, admin, administrators=[f"{admin}@example.org"])
            async with publisher(settings.kafka_bootstrap_servers, settings.topic_prefix) as pub:
                await publish(pub, [failed(admin, f"sync-{admin}") for admin in ADMINS])

            async def some_sent() -> bool:
                return len(sink.messages) >= 3

            await eventually(some_sent, timeout=90, what="the first mails")
            first.send_signal(signal.SIGKILL)
            first.wait(timeout=30)
            sent_before = len(sink.messages)
        with service_process("ledgerbus_notifier", env, "NOTIFIER_PORT", log, port) as (_, url):
            await eventually(lambda: healthy(url), timeout=90, what="the notifier again")

            async def all_sent() -> bool:
                return len(_ids_by_recipient(list(sink.messages))) == len(ADMINS)

            await eventually(all_sent, timeout=120, what="every mail after the restart")
            async with httpx.AsyncClient(base_url=url, timeout=30) as client:

                async def recorded() -> bool:
                    response = await client.get(
                        "/v1/notifications",
                        params={"limit": 100},
                        headers={"Authorization": "Bearer dev-operator-token"},
                    )
                    rows = response.json() if response.status_code == 200 else []
                    return len(rows) == len(ADMINS) and all(r["state"] == "sent" for r in rows)

                await eventually(recorded, timeout=60, what="every notification recorded sent")
    ids = _ids_by_recipient(list(sink.messages))
    assert sorted(ids) == sorted(f"{a}@example.org" for a in ADMINS)
    assert all(len(v) == 1 for v in ids.values()), f"a mail went out under two ids: {ids}"
    copies = len(sink.messages) - len(ADMINS)
    assert copies <= 1, f"{copies} copies: more than the mail in flight at the kill"
    record_property(
        "outcome",
        f"killed after {sent_before} of {len(ADMINS)}; all sent, {copies} same-id copy",
    )
