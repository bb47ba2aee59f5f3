"""Names and messages with newlines or control characters cannot add headers or recipients."""

from __future__ import annotations

import datetime as dt
import email.policy
from collections.abc import Callable
from email.message import EmailMessage

import pytest

from ledgerbus_devtools.smtp_sink import SmtpSink
from ledgerbus_notifier.core.config import Settings
from ledgerbus_notifier.domain.mail import build_message, header_safe
from ledgerbus_notifier.domain.render import Rendered
from ledgerbus_notifier.main import create_app
from ledgerbus_notifier.testing import failed, publish, publisher, set_recipients, text_of
from ledgerbus_servicekit import FakeClock
from ledgerbus_servicekit.testing import eventually, running_app

EVIL_NAME = "Demo BV\r\nBcc: victim@example.org\r\nX-Evil: 1\u2028Cc: other@example.org"


async def test_an_evil_name_and_message_stay_text(
    notifier_settings: Callable[..., Settings],
    sink: SmtpSink,
    clock: FakeClock,
    kafka_bootstrap: str,
    topic_prefix: str,
) -> None:
    async with running_app(create_app(notifier_settings(), clock)) as client:
        await set_recipients(
            client, "adm-1", administration_name=EVIL_NAME, administrators=["boss@example.org"]
        )
        message = "broken\r\nBcc: victim@example.org\n\n<b>html</b>"
        async with publisher(kafka_bootstrap, topic_prefix) as events:
            await publish(events, [failed("adm-1", "sync-1", message=message)])

        async def received() -> bool:
            return len(sink.messages) == 1

        await eventually(received, what="the mail")
    mail = sink.messages[0]
    assert sink.recipients == [["boss@example.org"]]
    assert mail["Bcc"] is None and mail["Cc"] is None and mail["X-Evil"] is None
    assert "\n" not in str(mail["Subject"]) and "Demo BV Bcc: victim@example.org" in str(
        mail["Subject"]
    )
    assert "broken" in text_of(mail)
    html = mail.get_body(preferencelist=("html",))
    assert html is not None and "&lt;b&gt;html&lt;/b&gt;" in str(html.get_content())


def test_header_safe_puts_any_value_on_one_line() -> None:
    assert header_safe("a\r\nb\tc\x00d\u2028e\u200bf") == "a b c d e f"
    assert len(header_safe("x" * 500)) == 200


def test_the_smtp_policy_refuses_a_raw_newline_as_a_second_defence() -> None:
    message = EmailMessage(policy=email.policy.SMTP)
    with pytest.raises(ValueError, match=r"linefeed|carriage"):
        message["Subject"] = "a\r\nBcc: victim@example.org"


def test_a_built_message_has_one_recipient_and_a_stable_message_id() -> None:
    rendered = Rendered(subject=EVIL_NAME, text="text", html="<p>html</p>")
    built = [
        build_message(
            rendered=rendered,
            sender="ledgerbus <n@example.org>",
            recipient="boss@example.org",
            notification_id="abc",
            domain="notifier.example.org",
            now=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        )
        for _ in range(2)
    ]
    assert built[0]["Message-ID"] == built[1]["Message-ID"] == "<abc@notifier.example.org>"
    assert built[0].get_all("To") == ["boss@example.org"] and built[0]["Bcc"] is None
