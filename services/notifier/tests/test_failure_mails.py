"""A failed or stuck sync mails its administrators exactly once, with what to do."""

from __future__ import annotations

from collections.abc import Callable

from ledgerbus_devtools.smtp_sink import SmtpSink
from ledgerbus_notifier.core.config import Settings
from ledgerbus_notifier.main import create_app
from ledgerbus_notifier.testing import (
    OPERATOR,
    TENANT,
    failed,
    needs_attention,
    notifications,
    publish,
    publisher,
    set_recipients,
    started,
    text_of,
)
from ledgerbus_servicekit import FakeClock
from ledgerbus_servicekit.testing import eventually, running_app


async def test_a_failed_sync_mails_the_administrator_once_with_what_to_do(
    notifier_settings: Callable[..., Settings],
    sink: SmtpSink,
    clock: FakeClock,
    kafka_bootstrap: str,
    topic_prefix: str,
) -> None:
    async with running_app(create_app(notifier_settings(), clock)) as client:
        await set_recipients(
            client, "adm-1", administration_name="Demo BV", administrators=["boss@example.org"]
        )
        secret = "access_token=eyJhbGciOiJIUzI1NiJ9.secret"
        async with publisher(kafka_bootstrap, topic_prefix) as events:
            await publish(
                events, [started("adm-1", "sync-1"), failed("adm-1", "sync-1", message=secret)]
            )

        async def sent() -> list[dict[str, object]] | None:
            rows = await notifications(client, administration_id="adm-1")
            return rows if rows and rows[0]["state"] == "sent" else None

        [row] = await eventually(sent, what="the failure mail to be sent")
        assert row["recipient"] == "boss@example.org" and row["kind"] == "sync_failed"
        assert len(sink.messages) == 1 and sink.recipients == [["boss@example.org"]]
        mail = sink.messages[0]
        assert mail["Subject"] == "Actie nodig: koppel Exact Online opnieuw voor Demo BV"
        assert mail["Message-ID"] == row["message_id"]
        text = text_of(mail)
        for expected in (
            "Demo BV (adm-1)",
            "Exact Online",
            "sync-1",
            "gl_account, transaction_line",
            "reauthorization_required",
            "opnieuw worden geautoriseerd",
        ):
            assert expected in text, expected
        assert "eyJhbGciOiJIUzI1NiJ9" not in mail.as_string()


async def test_needs_attention_in_english_from_the_tenant_default_administrators(
    notifier_settings: Callable[..., Settings],
    sink: SmtpSink,
    clock: FakeClock,
    kafka_bootstrap: str,
    topic_prefix: str,
) -> None:
    async with running_app(create_app(notifier_settings(), clock)) as client:
        tenant = await client.put(
            f"/v1/tenants/{TENANT}/recipients",
            headers=OPERATOR,
            json={"administrators": ["office@example.org"], "language": "en"},
        )
        assert tenant.status_code == 200
        async with publisher(kafka_bootstrap, topic_prefix) as events:
            await publish(events, [needs_attention("adm-2", "sync-2")])

        await eventually(lambda: _received(sink, 1), what="the attention mail")
        mail = sink.messages[0]
        assert sink.recipients == [["office@example.org"]]
        assert mail["Subject"] == "Attention needed: sync of adm-2 (Twinfield)"
        text = text_of(mail)
        assert "gl_account: 812" in text and "release them in ledgerbus" in text


async def test_without_administrators_nothing_is_sent_and_only_the_tenant_sees_why(
    notifier_settings: Callable[..., Settings],
    sink: SmtpSink,
    clock: FakeClock,
    kafka_bootstrap: str,
    topic_prefix: str,
) -> None:
    settings = notifier_settings(tenant_tokens={"token-a": TENANT, "token-b": "tenant-b"})
    async with running_app(create_app(settings, clock)) as client:
        async with publisher(kafka_bootstrap, topic_prefix) as events:
            await publish(events, [failed("adm-3", "sync-3")])

        async def logged() -> list[dict[str, object]]:
            return await notifications(client, administration_id="adm-3")

        [row] = await eventually(logged, what="the skipped notification")
        assert row["state"] == "skipped" and row["last_error"] == "no recipients configured"
        assert sink.messages == []
        for token, expected in (("token-a", 1), ("token-b", 0)):
            seen = await client.get(
                "/v1/notifications", headers={"Authorization": f"Bearer {token}"}
            )
            assert len(seen.json()) == expected, token


async def _received(sink: SmtpSink, count: int) -> bool:
    return len(sink.messages) >= count
