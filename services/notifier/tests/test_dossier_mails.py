"""A dossier update mails the clients only when it says notify_client."""

from __future__ import annotations

from collections.abc import Callable

from ledgerbus_devtools.smtp_sink import SmtpSink
from ledgerbus_notifier.core.config import Settings
from ledgerbus_notifier.main import create_app
from ledgerbus_notifier.testing import (
    dossier,
    html_of,
    notifications,
    publish,
    publisher,
    set_recipients,
    text_of,
)
from ledgerbus_servicekit import FakeClock
from ledgerbus_servicekit.testing import eventually, running_app


async def test_only_the_update_with_notify_client_mails_the_clients(
    notifier_settings: Callable[..., Settings],
    sink: SmtpSink,
    clock: FakeClock,
    kafka_bootstrap: str,
    topic_prefix: str,
) -> None:
    async with running_app(create_app(notifier_settings(), clock)) as client:
        await set_recipients(
            client,
            "adm-1",
            administration_name="Bakkerij <Jansen> & Zn",
            administrators=["boss@example.org"],
            clients=["client@example.org"],
        )
        async with publisher(kafka_bootstrap, topic_prefix) as events:
            # Same administration, same partition: the second is handled after the first.
            await publish(
                events,
                [
                    dossier("adm-1", "upd-quiet", notify_client=False),
                    dossier("adm-1", "upd-loud", notify_client=True),
                ],
            )

        async def sent() -> list[dict[str, object]] | None:
            rows = await notifications(client, administration_id="adm-1")
            return rows if rows and all(r["state"] == "sent" for r in rows) else None

        [row] = await eventually(sent, what="the dossier mail")
        assert row["kind"] == "dossier_updated" and row["recipient"] == "client@example.org"
        assert len(sink.messages) == 1 and sink.recipients == [["client@example.org"]]
        mail = sink.messages[0]
        assert mail["Subject"] == "Uw administratie Bakkerij <Jansen> & Zn is bijgewerkt"
        text = text_of(mail)
        assert "bijgewerkt tot en met 2026-02-28" in text and "Actieve periode: 2026-02" in text
        html = html_of(mail)
        assert "Bakkerij &lt;Jansen&gt; &amp; Zn" in html and "<Jansen>" not in html
