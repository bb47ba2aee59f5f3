"""A refused or failed posting mails the administration's administrators once, with the
package's message and what to do."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from ledgerbus_contracts import Package
from ledgerbus_contracts.postings import PostingError, PostingFailed
from ledgerbus_devtools.smtp_sink import SmtpSink
from ledgerbus_notifier.core.config import Settings
from ledgerbus_notifier.domain.notifications import drafts
from ledgerbus_notifier.domain.recipients import Audience
from ledgerbus_notifier.domain.render import render
from ledgerbus_notifier.main import create_app
from ledgerbus_notifier.testing import (
    TENANT,
    notifications,
    publish,
    publisher,
    set_recipients,
    text_of,
)
from ledgerbus_servicekit import FakeClock
from ledgerbus_servicekit.testing import eventually, running_app


def refused(admin: str, posting_id: str) -> PostingFailed:
    return PostingFailed(
        administration_id=admin,
        posting_id=posting_id,
        tenant_id=TENANT,
        package=Package.SNELSTART,
        error=PostingError(
            kind="refused", message="SnelStart refused it (400): BKG-0001: niet in balans"
        ),
        at=dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC),
    )


async def test_a_refused_posting_mails_the_administrator_once(
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
            administration_name="Demo BV",
            administrators=["boss@example.org"],
        )
        async with publisher(kafka_bootstrap, topic_prefix) as events:
            await publish(events, [refused("adm-1", "inv-1"), refused("adm-1", "inv-1")])

        async def sent() -> list[dict[str, object]] | None:
            rows = await notifications(client, administration_id="adm-1")
            return rows if rows and rows[0]["state"] == "sent" else None

        rows = await eventually(sent, what="the posting failure mail to be sent")
    assert [(r["recipient"], r["kind"]) for r in rows] == [("boss@example.org", "posting_failed")]
    assert len(sink.messages) == 1
    mail = sink.messages[0]
    assert mail["Subject"] == "Boeking niet verwerkt: Demo BV (SnelStart)"
    text = text_of(mail)
    for expected in (
        "inv-1",
        "BKG-0001: niet in balans",
        "refused",
        "Pas het boekingsvoorstel aan",
    ):
        assert expected in text


def test_a_posting_failure_in_a_storm_digest_names_the_posting() -> None:
    audience = Audience("Demo BV", ("a@example.org",), (), "en")
    [draft] = drafts(refused("adm-1", "inv-9"), audience, None)
    digest = render("digest", "en", {"items": [{**draft.payload, "kind": draft.kind}]})
    assert "posting inv-9: refused: SnelStart refused it" in digest.text
    assert "<td>inv-9</td>" in digest.html
