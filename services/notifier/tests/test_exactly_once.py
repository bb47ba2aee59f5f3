"""Replays and restarts send no duplicates and lose nothing."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from email.message import EmailMessage

from ledgerbus_devtools.smtp_sink import SmtpSink
from ledgerbus_notifier.adapters.smtp import SmtpSender
from ledgerbus_notifier.core.config import Settings
from ledgerbus_notifier.main import create_app
from ledgerbus_notifier.testing import (
    dossier,
    failed,
    notifications,
    publish,
    publisher,
    set_recipients,
)
from ledgerbus_servicekit import FakeClock
from ledgerbus_servicekit.testing import eventually, running_app


async def test_replayed_events_send_nothing_new(
    notifier_settings: Callable[..., Settings],
    sink: SmtpSink,
    clock: FakeClock,
    kafka_bootstrap: str,
    topic_prefix: str,
) -> None:
    events_once = [failed("adm-1", "sync-1"), dossier("adm-1", "upd-1", notify_client=True)]
    async with running_app(create_app(notifier_settings(), clock)) as client:
        await set_recipients(
            client, "adm-1", administrators=["boss@example.org"], clients=["c@example.org"]
        )
        async with publisher(kafka_bootstrap, topic_prefix) as events:
            await publish(events, events_once)
            await eventually(lambda: _received(sink, 2), what="the first two mails")
            # The same facts again (new CloudEvents ids), then a marker behind them.
            await publish(events, [*events_once, *events_once, failed("adm-1", "marker")])

        async def marker_sent() -> bool:
            rows = await notifications(client, administration_id="adm-1")
            return any(
                r["event_key"] == "sync-failed:marker" and r["state"] == "sent" for r in rows
            )

        await eventually(marker_sent, what="the marker mail")
        assert len(sink.messages) == 3
        assert len({m["Message-ID"] for m in sink.messages}) == 3
        assert len(await notifications(client, administration_id="adm-1")) == 3


class GatedSender:
    """Sends the first ``open_for`` mails at once, then waits for the gate per mail."""

    def __init__(self, settings: Settings, open_for: int) -> None:
        self.inner, self.open_for, self.gate = SmtpSender(settings), open_for, asyncio.Event()
        self.waiting = asyncio.Event()

    async def send(self, message: EmailMessage, recipient: str) -> None:
        if self.open_for > 0:
            self.open_for -= 1
        else:
            self.waiting.set()
            await self.gate.wait()
        await self.inner.send(message, recipient)


async def test_a_restart_during_delivery_sends_each_mail_exactly_once(
    notifier_settings: Callable[..., Settings],
    sink: SmtpSink,
    clock: FakeClock,
    kafka_bootstrap: str,
    topic_prefix: str,
) -> None:
    settings = notifier_settings()
    admins = [f"adm-{i:02d}" for i in range(12)]
    gated = GatedSender(settings, open_for=4)
    app = create_app(settings, clock, sender=gated)
    lifespan = running_app(app)
    client = await lifespan.__aenter__()
    for admin in admins:  # one recipient each: no storm digest
        await set_recipients(client, admin, administrators=[f"{admin}@example.org"])
    async with publisher(kafka_bootstrap, topic_prefix) as events:
        await publish(events, [failed(admin, f"sync-{admin}") for admin in admins])
    await gated.waiting.wait()  # four sent, the fifth in hand
    stopping = asyncio.create_task(lifespan.__aexit__(None, None, None))
    await eventually(lambda: _stopping(app), what="the worker to begin stopping")
    gated.gate.set()
    await stopping
    assert len(sink.messages) == 5

    async with running_app(create_app(settings, clock)) as client:

        async def all_sent() -> bool:
            rows = await notifications(client)
            return len(rows) == 12 and all(r["state"] == "sent" for r in rows)

        await eventually(all_sent, what="every mail after the restart")
    assert len(sink.messages) == 12
    assert sorted(r[0] for r in sink.recipients) == sorted(f"{a}@example.org" for a in admins)


async def _received(sink: SmtpSink, count: int) -> bool:
    return len(sink.messages) >= count


async def _stopping(app: object) -> bool:
    return bool(app.state.delivery.stopping)  # type: ignore[attr-defined]
