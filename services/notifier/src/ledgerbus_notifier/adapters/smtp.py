"""Sending over SMTP with aiosmtplib, and telling temporary from permanent failures."""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import parseaddr

import aiosmtplib

from ledgerbus_notifier.core.config import Settings


class TemporaryFailure(Exception):
    """The mail may go through later (server away, 4xx reply, bad SMTP credentials)."""


class PermanentFailure(Exception):
    """The server refused the mail for good (a 5xx reply about the message or recipient)."""


def _classify(exc: Exception) -> Exception:
    if isinstance(exc, aiosmtplib.SMTPAuthenticationError):
        return TemporaryFailure(f"SMTP authentication failed ({exc.code})")
    if isinstance(exc, aiosmtplib.SMTPRecipientsRefused):
        codes = [refused.code for refused in exc.recipients]
        detail = "; ".join(f"{r.code} {r.message}" for r in exc.recipients)
        failure = PermanentFailure if codes and min(codes) >= 500 else TemporaryFailure
        return failure(f"recipient refused: {detail}")
    if isinstance(exc, aiosmtplib.SMTPResponseException):
        failure = PermanentFailure if exc.code >= 500 else TemporaryFailure
        return failure(f"{exc.code} {exc.message}")
    return TemporaryFailure(f"{type(exc).__name__}: {exc}")


class SmtpSender:
    """Sends one message to one envelope recipient with the configured server, TLS and auth."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    async def send(self, message: EmailMessage, recipient: str) -> None:
        """Send, or raise TemporaryFailure / PermanentFailure."""
        s = self.settings
        password = s.smtp_password.get_secret_value() if s.smtp_password else None
        try:
            await aiosmtplib.send(
                message,
                sender=parseaddr(s.mail_from)[1],
                recipients=[recipient],
                hostname=s.smtp_host,
                port=s.smtp_port,
                use_tls=s.smtp_tls,
                start_tls=s.smtp_starttls,
                username=s.smtp_username,
                password=password,
                timeout=s.smtp_timeout_seconds,
            )
        except (TimeoutError, aiosmtplib.SMTPException, OSError) as exc:
            raise _classify(exc) from exc
