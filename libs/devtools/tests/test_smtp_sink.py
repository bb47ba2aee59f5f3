"""The SMTP sink keeps every mail it receives, in memory and as a readable file."""

from __future__ import annotations

import asyncio
import os
import sys
from email.message import EmailMessage
from pathlib import Path

import aiosmtplib
import pytest

from ledgerbus_devtools.smtp_sink import SmtpSink
from ledgerbus_servicekit.testing import eventually, free_port


def _mail(subject: str, body: str = "De synchronisatie is mislukt.") -> EmailMessage:
    message = EmailMessage()
    message["From"] = "ledgerbus@example.org"
    message["To"] = "admin@example.org"
    message["Subject"] = subject
    message.set_content(body)
    return message


async def test_a_sent_mail_is_kept_in_memory_and_on_disk(tmp_path: Path) -> None:
    port = free_port()
    async with SmtpSink(port=port, directory=tmp_path) as sink:
        await aiosmtplib.send(_mail("Sync failed: Demo BV"), hostname="127.0.0.1", port=port)

    assert [m["Subject"] for m in sink.messages] == ["Sync failed: Demo BV"]
    assert sink.recipients == [["admin@example.org"]]
    files = list(tmp_path.glob("*.eml"))  # noqa: ASYNC240 - a test reading what it wrote
    assert files == sink.files
    assert len(files) == 1 and b"De synchronisatie is mislukt." in files[0].read_bytes()


async def test_a_restarted_sink_keeps_the_mail_of_earlier_runs(tmp_path: Path) -> None:
    for subject in ("first run", "second run"):
        port = free_port()
        async with SmtpSink(port=port, directory=tmp_path):
            await aiosmtplib.send(_mail(subject), hostname="127.0.0.1", port=port)

    contents = sorted(p.read_bytes() for p in tmp_path.glob("*.eml"))  # noqa: ASYNC240
    assert len(contents) == 2
    assert any(b"first run" in c for c in contents) and any(b"second run" in c for c in contents)


async def test_a_refusal_is_answered_once_then_mail_is_accepted() -> None:
    port = free_port()
    async with SmtpSink(port=port) as sink:
        sink.refuse_next("451 4.3.0 try again later")
        with pytest.raises(aiosmtplib.SMTPResponseException) as refused:
            await aiosmtplib.send(_mail("retry me"), hostname="127.0.0.1", port=port)
        assert refused.value.code == 451
        assert sink.messages == []
        await aiosmtplib.send(_mail("retry me"), hostname="127.0.0.1", port=port)
        assert [m["Subject"] for m in sink.by_subject("retry")] == ["retry me"]


async def test_runs_as_a_module_on_the_configured_port(tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "SMTP_SINK_PORT": str(port), "SMTP_SINK_DIR": str(tmp_path)}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "ledgerbus_devtools.smtp_sink", env=env
    )
    try:

        async def delivered() -> bool:
            try:
                await aiosmtplib.send(_mail("from a process"), hostname="127.0.0.1", port=port)
            except (OSError, aiosmtplib.SMTPException):
                return False
            return True

        await eventually(delivered, timeout=30, what="the sink process to accept mail")
        files = list(tmp_path.glob("*.eml"))  # noqa: ASYNC240
        assert len(files) == 1 and b"from a process" in files[0].read_bytes()
    finally:
        process.terminate()
        await process.wait()
