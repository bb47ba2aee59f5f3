"""Building the MIME message: header values that cannot carry extra headers or recipients.

Every header value is cleaned of control and line-separator characters before it is
set, and the message uses the SMTP policy, which refuses a header value with CR or
LF, as a second line of defence. Recipients are never read from headers: the
envelope recipient is passed to SMTP explicitly.
"""

from __future__ import annotations

import datetime as dt
import email.policy
import re
import unicodedata
from email.message import EmailMessage
from email.utils import format_datetime

from ledgerbus_notifier.domain.render import Rendered

MAX_SUBJECT = 200
_SPACES = re.compile(r"\s+")


def header_safe(value: str, limit: int = MAX_SUBJECT) -> str:
    """``value`` on one line: control, format and separator characters become spaces."""
    cleaned = "".join(
        " " if unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp") else char for char in value
    )
    single = _SPACES.sub(" ", cleaned).strip()
    return single if len(single) <= limit else single[: limit - 1] + "…"


def message_id(notification_id: str, domain: str) -> str:
    """The Message-ID of a notification: the same on every attempt, so duplicates show."""
    return f"<{notification_id}@{header_safe(domain)}>"


def build_message(
    *,
    rendered: Rendered,
    sender: str,
    recipient: str,
    notification_id: str,
    domain: str,
    now: dt.datetime,
) -> EmailMessage:
    """A multipart/alternative mail (text and HTML) to exactly one recipient."""
    message = EmailMessage(policy=email.policy.SMTP)
    message["From"] = header_safe(sender)
    message["To"] = header_safe(recipient)
    message["Subject"] = header_safe(rendered.subject)
    message["Date"] = format_datetime(now)
    message["Message-ID"] = message_id(notification_id, domain)
    message["X-Ledgerbus-Notification-Id"] = notification_id
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(rendered.text)
    message.add_alternative(rendered.html, subtype="html")
    return message
