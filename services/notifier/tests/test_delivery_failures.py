"""A down or refusing SMTP server delays mail, never loses it; refusals for good are kept."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ledgerbus_devtools.smtp_sink import SmtpSink
from ledgerbus_notifier.core.config import Settings
from ledgerbus_notifier.main import create_app
from ledgerbus_notifier.testing import failed, notifications, publish, publisher, set_recipients
from ledgerbus_servicekit import FakeClock
from ledgerbus_servicekit.testing import eventually, free_port, running_app


def _state(rows: list[dict[str, Any]], **expected: Any) -> bool:
    return bool(rows) and all(rows[0][k] == v for k, v in expected.items())


async def test_mail_waits_while_the_server_is_down_and_goes_out_when_it_returns(
    service_settings: Callable[..., Settings],
    clock: FakeClock,
    kafka_bootstrap: str,
    topic_prefix: str,
) -> None:
    port = free_port()  # nothing listens here yet
    settings = service_settings(
        Settings,
        smtp_port=port,
        delivery_poll_seconds=0.05,
        smtp_attempts=2,
        smtp_retry_wait_seconds=0,
        requeue_base_seconds=30,
    )
    async with running_app(create_app(settings, clock)) as client:
        await set_recipients(client, "adm-1", administrators=["boss@example.org"])
        async with publisher(kafka_bootstrap, topic_prefix) as events:
            await publish(events, [failed("adm-1", "sync-1")])

        async def after(attempts: int) -> bool:
            rows = await notifications(client)
            return _state(rows, state="pending", attempts=attempts)

        await eventually(lambda: after(1), what="the first round to fail")
        for round_number in (2, 3):  # a minute of downtime: the rounds back off 30 s, 60 s
            clock.advance(30 * 2 ** (round_number - 2))
            await eventually(lambda n=round_number: after(n), what=f"round {round_number}")
        [row] = await notifications(client)
        assert "Connect" in str(row["last_error"]) or "refused" in str(row["last_error"])

        async with SmtpSink(port=port) as sink:
            clock.advance(120)

            async def delivered() -> bool:
                return _state(await notifications(client), state="sent")

            await eventually(delivered, what="the mail once the server is back")
            assert len(sink.messages) == 1 and sink.recipients == [["boss@example.org"]]


async def test_a_temporary_refusal_is_retried_and_a_permanent_one_is_recorded(
    notifier_settings: Callable[..., Settings],
    sink: SmtpSink,
    clock: FakeClock,
    kafka_bootstrap: str,
    topic_prefix: str,
) -> None:
    async with running_app(create_app(notifier_settings(smtp_attempts=3), clock)) as client:
        await set_recipients(client, "adm-1", administrators=["boss@example.org"])
        await set_recipients(client, "adm-2", administrators=["gone@example.org"])
        sink.refuse_next("451 4.3.0 mailbox busy", times=2)
        async with publisher(kafka_bootstrap, topic_prefix) as events:
            await publish(events, [failed("adm-1", "sync-1")])

            async def sent() -> bool:
                rows = await notifications(client, administration_id="adm-1")
                return _state(rows, state="sent", attempts=1)

            await eventually(sent, what="the mail after two busy replies")
            sink.refuse_next("550 5.1.1 no such user", times=1)
            await publish(events, [failed("adm-2", "sync-2")])

        async def refused() -> list[dict[str, Any]] | None:
            rows = await notifications(client, administration_id="adm-2")
            return rows if _state(rows, state="failed") else None

        [row] = await eventually(refused, what="the permanent refusal")
        assert "550" in str(row["last_error"]) and "no such user" in str(row["last_error"])
        assert sink.recipients == [["boss@example.org"]]
