"""The SMTP sink keeps every mail it receives, in memory and as a readable file."""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path

import aiosmtplib

from ledgerbus_devtools.smtp_sink import SmtpSink
from ledgerbus_servicekit.testing import free_port


async def test_a_sent_mail_is_kept_in_memory_and_on_disk(tmp_path: Path) -> None:
    port = free_port()
    message = EmailMessage()
    message["From"] = "ledgerbus@example.org"
    message["To"] = "admin@example.org"
    message["Subject"] = "Sync failed: Demo BV"
    message.set_content("De synchronisatie is mislukt.")

    async with SmtpSink(port=port, directory=tmp_path) as sink:
        await aiosmtplib.send(message, hostname="127.0.0.1", port=port)

    assert [m["Subject"] for m in sink.messages] == ["Sync failed: Demo BV"]
    assert sink.recipients == [["admin@example.org"]]
    files = list(tmp_path.glob("*.eml"))  # noqa: ASYNC240 - a test reading what it wrote
    assert len(files) == 1 and b"De synchronisatie is mislukt." in files[0].read_bytes()
