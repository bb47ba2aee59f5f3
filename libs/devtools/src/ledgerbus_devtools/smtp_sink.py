"""An SMTP sink for local runs and tests: accepts every mail and keeps it readable.

Each message is written as an ``.eml`` file (default ``.local/mail/``) and kept in
memory, so a person can open the mail the notifier sent and a test can assert on it.
Files are never overwritten: a restarted sink keeps the mail of earlier runs.

    python -m ledgerbus_devtools.smtp_sink            # 127.0.0.1:1025 (SMTP_SINK_PORT)

    async with SmtpSink(port=free_port()) as sink:    # in a test
        ...; sink.messages

A test can make the sink answer the next messages with an SMTP error instead of
accepting them (``sink.refuse_next("451 4.3.0 try later")``), to exercise retries.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import email
import email.policy
import os
import re
import threading
import uuid
from email.message import EmailMessage
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session


class _Handler:
    def __init__(self, sink: SmtpSink) -> None:
        self.sink = sink

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        refusal = self.sink.take_refusal()
        if refusal is not None:
            return refusal
        raw = envelope.original_content or envelope.content or b""
        assert isinstance(raw, bytes)
        self.sink.keep(raw, list(envelope.rcpt_tos))
        return "250 Message accepted for delivery"


class SmtpSink:
    """Receives mail on ``host:port``; ``start()``/``stop()`` or ``async with``."""

    def __init__(
        self, host: str = "127.0.0.1", port: int = 1025, directory: Path | None = None
    ) -> None:
        self.host, self.port, self.directory = host, port, directory
        self.messages: list[EmailMessage] = []
        self.recipients: list[list[str]] = []
        self.files: list[Path] = []
        self._refusals: list[str] = []
        self._lock = threading.Lock()
        self._controller = Controller(_Handler(self), hostname=host, port=port)
        self._started = False

    def refuse_next(self, reply: str, times: int = 1) -> None:
        """Answer the next ``times`` messages with ``reply`` (e.g. ``"451 try later"``)."""
        with self._lock:
            self._refusals.extend([reply] * times)

    def take_refusal(self) -> str | None:
        """The reply to give instead of accepting, if a refusal is queued."""
        with self._lock:
            return self._refusals.pop(0) if self._refusals else None

    def keep(self, raw: bytes, recipients: list[str]) -> None:
        """Keep one received message in memory and, with a directory, as an ``.eml`` file."""
        message = email.message_from_bytes(raw, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        with self._lock:
            self.messages.append(message)
            self.recipients.append(recipients)
        if self.directory is not None:
            self.files.append(self._write(raw, str(message["Subject"] or "mail")))

    def _write(self, raw: bytes, subject: str) -> Path:
        assert self.directory is not None
        self.directory.mkdir(parents=True, exist_ok=True)
        slug = re.sub(r"[^A-Za-z0-9]+", "-", subject)[:60].strip("-") or "mail"
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
        path = self.directory / f"{stamp}-{uuid.uuid4().hex[:8]}-{slug}.eml"
        path.write_bytes(raw)
        return path

    def by_subject(self, fragment: str) -> list[EmailMessage]:
        """The received messages whose subject contains ``fragment``."""
        return [m for m in list(self.messages) if fragment in str(m["Subject"] or "")]

    def start(self) -> None:
        """Listen (in a background thread) until ``stop()``."""
        self._controller.start()
        self._started = True

    def stop(self) -> None:
        """Stop listening; the received messages stay available."""
        if self._started:
            self._controller.stop()
            self._started = False

    async def __aenter__(self) -> Self:
        await asyncio.to_thread(self.start)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await asyncio.to_thread(self.stop)


def main(argv: Any = None) -> None:
    """Run the sink in the foreground until interrupted."""
    parser = argparse.ArgumentParser(prog="ledgerbus_devtools.smtp_sink")
    parser.add_argument("--host", default=os.environ.get("SMTP_SINK_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("SMTP_SINK_PORT", 1025)))
    parser.add_argument(
        "--directory", type=Path, default=Path(os.environ.get("SMTP_SINK_DIR", ".local/mail"))
    )
    args = parser.parse_args(argv)
    sink = SmtpSink(host=args.host, port=args.port, directory=args.directory)
    sink.start()
    print(f"SMTP sink on {args.host}:{args.port}, mail kept in {args.directory}/", flush=True)
    try:
        asyncio.run(asyncio.Event().wait())
    except KeyboardInterrupt:
        pass
    finally:
        sink.stop()


if __name__ == "__main__":
    main()
