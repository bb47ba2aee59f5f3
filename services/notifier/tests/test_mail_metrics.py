"""The notifier's mail shows on its /metrics: a sent failure mail counts once as sent."""

from __future__ import annotations

from collections.abc import Callable

from prometheus_client.parser import text_string_to_metric_families

from ledgerbus_devtools.smtp_sink import SmtpSink
from ledgerbus_notifier.core.config import Settings
from ledgerbus_notifier.main import create_app
from ledgerbus_notifier.testing import (
    failed,
    notifications,
    publish,
    publisher,
    set_recipients,
    started,
)
from ledgerbus_servicekit import FakeClock
from ledgerbus_servicekit.testing import eventually, running_app


def sent_failure_mails(text: str) -> float:
    return sum(
        sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if sample.name == "ledgerbus_mails_total"
        and sample.labels == {"kind": "sync_failed", "outcome": "sent"}
    )


async def test_a_sent_mail_counts_on_the_metrics(
    notifier_settings: Callable[..., Settings],
    sink: SmtpSink,
    clock: FakeClock,
    kafka_bootstrap: str,
    topic_prefix: str,
) -> None:
    async with running_app(create_app(notifier_settings(), clock)) as client:
        before = sent_failure_mails((await client.get("/metrics")).text)
        await set_recipients(client, "adm-m", administrators=["boss@example.org"])
        async with publisher(kafka_bootstrap, topic_prefix) as events:
            await publish(events, [started("adm-m", "sync-m"), failed("adm-m", "sync-m")])

        async def sent() -> bool:
            rows = await notifications(client, administration_id="adm-m")
            return bool(rows) and rows[0]["state"] == "sent"

        await eventually(sent, what="the failure mail to be sent")
        metrics = (await client.get("/metrics")).text
    assert sent_failure_mails(metrics) == before + 1
    assert 'ledgerbus_outbox_backlog{outbox="notifier"} 0.0' in metrics
