"""Killed between sending and recording: the mail is sent again, with the same Message-ID.

This is the side of the window the notifier takes (see the README): never lose a
mail; a duplicate can only follow a crash in that window and carries the same
Message-ID, so a receiving server or client can drop it.
"""

from __future__ import annotations

from collections.abc import Callable
from email.message import EmailMessage

import pytest

from ledgerbus_devtools.smtp_sink import SmtpSink
from ledgerbus_notifier.adapters.smtp import SmtpSender
from ledgerbus_notifier.core.config import Settings
from ledgerbus_notifier.main import create_app
from ledgerbus_notifier.testing import failed, notifications, publish, publisher, set_recipients
from ledgerbus_servicekit import FakeClock
from ledgerbus_servicekit.testing import eventually, running_app


class Killed(BaseException):
    """Stands for the process dying: nothing in the worker catches it."""


class DyingSender:
    """Sends the mail, then dies before the worker can record it."""

    def __init__(self, settings: Settings) -> None:
        self.inner = SmtpSender(settings)

    async def send(self, message: EmailMessage, recipient: str) -> None:
        await self.inner.send(message, recipient)
        raise Killed


async def test_a_mail_sent_but_not_recorded_is_resent_with_the_same_message_id(
    notifier_settings: Callable[..., Settings],
    sink: SmtpSink,
    clock: FakeClock,
    kafka_bootstrap: str,
    topic_prefix: str,
) -> None:
    settings = notifier_settings(delivery_lease_seconds=300)
    with pytest.raises(Killed):
        async with running_app(create_app(settings, clock, DyingSender(settings))) as client:
            await set_recipients(client, "adm-1", administrators=["boss@example.org"])
            async with publisher(kafka_bootstrap, topic_prefix) as events:
                await publish(events, [failed("adm-1", "sync-1")])

            async def in_flight() -> bool:
                rows = await notifications(client)
                return len(sink.messages) == 1 and bool(rows) and rows[0]["state"] == "sending"

            await eventually(in_flight, what="the mail sent but not recorded")

    async with running_app(create_app(settings, clock)) as client:
        clock.advance(301)  # the dead worker's lease ends

        async def recorded() -> list[dict[str, object]] | None:
            rows = await notifications(client)
            return rows if rows[0]["state"] == "sent" else None

        [row] = await eventually(recorded, what="the mail sent again and recorded")
    assert row["attempts"] == 2
    assert len(sink.messages) == 2
    assert sink.messages[0]["Message-ID"] == sink.messages[1]["Message-ID"] == row["message_id"]
