"""An SMTP sink for local runs and tests: accepts every mail and keeps it readable.

Each message is written as an ``.eml`` file (default ``.local/mail/``) and kept in
memory, so a person can open the mail the notifier sent and a test can assert on it.

    python -m ledgerbus_devtools.smtp_sink            # 127.0.0.1:1025 (SMTP_SINK_PORT)

    async with SmtpSink(port=free_port()) as sink:    # in a test
        ...; sink.messages
"""

from __future__ import annotations

import argparse
import asyncio
import email
import email.policy
import os
import re
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
        self._controller = Controller(_Handler(self), hostname=host, port=port)

    def keep(self, raw: bytes, recipients: list[str]) -> None:
        message = email.message_from_bytes(raw, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        self.messages.append(message)
        self.recipients.append(recipients)
        if self.directory is not None:
            self.directory.mkdir(parents=True, exist_ok=True)
            subject = re.sub(r"[^A-Za-z0-9]+", "-", str(message["Subject"] or "mail"))[:60]
            name = f"{len(self.messages):05d}-{subject.strip('-')}.eml"
            (self.directory / name).write_bytes(raw)

    def start(self) -> None:
        self._controller.start()

    def stop(self) -> None:
        self._controller.stop()

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
    parser = argparse.ArgumentParser(prog="ledgerbus_devtools.smtp_sink")
    parser.add_argument("--port", type=int, default=int(os.environ.get("SMTP_SINK_PORT", 1025)))
    parser.add_argument(
        "--directory", type=Path, default=Path(os.environ.get("SMTP_SINK_DIR", ".local/mail"))
    )
    args = parser.parse_args(argv)
    sink = SmtpSink(port=args.port, directory=args.directory)
    sink.start()
    print(f"SMTP sink on 127.0.0.1:{args.port}, mail kept in {args.directory}/", flush=True)
    try:
        asyncio.run(asyncio.Event().wait())
    except KeyboardInterrupt:
        pass
    finally:
        sink.stop()


if __name__ == "__main__":
    main()
