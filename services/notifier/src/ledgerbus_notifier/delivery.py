"""The delivery worker: claims due mail from the outbox, sends it, records the outcome.

Temporary SMTP failures are retried a few times at once (tenacity, backoff), then the
mail goes back to the outbox with a growing delay: a server that is down delays mail,
it never loses it. Permanent refusals are recorded with the reason. A claimed mail
carries a lease; if the worker dies between sending and recording, the mail is sent
again when the lease ends, with the same Message-ID (see the README).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from email.message import EmailMessage
from typing import Any, Protocol

import asyncpg
from tenacity import AsyncRetrying, retry_if_exception_type, stop_after_attempt, wait_exponential

from ledgerbus_notifier.adapters import digests, outbox
from ledgerbus_notifier.adapters.smtp import PermanentFailure, TemporaryFailure
from ledgerbus_notifier.core.config import Settings
from ledgerbus_notifier.domain.mail import build_message
from ledgerbus_notifier.domain.render import render
from ledgerbus_servicekit import Clock
from ledgerbus_servicekit.metrics import MAILS

log = logging.getLogger(__name__)


class Sender(Protocol):
    """Sends one message to one envelope recipient."""

    async def send(self, message: EmailMessage, recipient: str) -> None: ...


class DeliveryWorker:
    """``start()``/``stop()``; ``wake()`` after queueing; ``run_once()`` for one pass."""

    def __init__(self, pool: asyncpg.Pool, clock: Clock, settings: Settings, sender: Sender):
        self.pool, self.clock, self.settings, self.sender = pool, clock, settings, sender
        self._wake = asyncio.Event()
        self._stopping = False
        self._task: asyncio.Task[None] | None = None

    @property
    def stopping(self) -> bool:
        """Whether ``stop()`` was called."""
        return self._stopping

    def wake(self) -> None:
        """Look at the outbox now instead of at the next poll."""
        self._wake.set()

    async def start(self) -> None:
        self._task = asyncio.create_task(self._loop(), name="notifier-delivery")

    async def stop(self) -> None:
        """Finish the mail in hand, put the rest of the claimed mail back, and stop."""
        self._stopping = True
        self._wake.set()
        if self._task is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _loop(self) -> None:
        while not self._stopping:
            try:
                handled = await self.run_once()
            except Exception:
                log.exception("delivering notifications failed; retrying")
                handled = 0
            if not handled and not self._stopping:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), self.settings.delivery_poll_seconds)
                self._wake.clear()

    async def run_once(self) -> int:
        """Make the digests that are due, then deliver one batch of due mail."""
        await self._make_digests()
        now = self.clock.now()
        lease = now + dt.timedelta(seconds=self.settings.delivery_lease_seconds)
        async with self.pool.acquire() as conn:
            claimed = await outbox.claim_due(conn, now, lease, self.settings.delivery_batch_size)
        for index, row in enumerate(claimed):
            if self._stopping:
                await self._put_back(claimed[index:])
                break
            await self._deliver(row)
        return len(claimed)

    async def _make_digests(self) -> None:
        now = self.clock.now()
        held_before = now - dt.timedelta(seconds=self.settings.digest_delay_seconds)
        async with self.pool.acquire() as conn:
            for tenant_id, recipient in await digests.due(conn, held_before):
                async with conn.transaction():
                    digest_id = await digests.gather(conn, tenant_id, recipient, now)
                if digest_id is not None:
                    MAILS.labels("digest", "digested").inc()
                log.info("storm: held failures for one recipient became digest %s", digest_id)

    async def _put_back(self, rows: list[dict[str, Any]]) -> None:
        async with self.pool.acquire() as conn:
            for row in rows:
                now = self.clock.now()
                await outbox.requeue(conn, row["notification_id"], now, None, now)

    async def _deliver(self, row: dict[str, Any]) -> None:
        nid, s = row["notification_id"], self.settings
        try:
            rendered = render(row["kind"], row["language"], row["payload"])
            message = build_message(
                rendered=rendered,
                sender=s.mail_from,
                recipient=row["recipient"],
                notification_id=nid,
                domain=s.message_id_domain,
                now=self.clock.now(),
            )
        except Exception as exc:
            log.exception("notification %s cannot be built", nid)
            MAILS.labels(row["kind"], "failed").inc()
            await self._fail(nid, f"cannot build the mail: {exc}")
            return
        try:
            await self._send(message, row["recipient"])
        except PermanentFailure as exc:
            log.warning("notification %s refused for good: %s", nid, exc)
            MAILS.labels(row["kind"], "failed").inc()
            await self._fail(nid, str(exc))
        except TemporaryFailure as exc:
            delay = min(s.requeue_base_seconds * 2 ** (row["attempts"] - 1), s.requeue_max_seconds)
            log.warning("notification %s delayed %.0fs: %s", nid, delay, exc)
            MAILS.labels(row["kind"], "deferred").inc()
            now = self.clock.now()
            async with self.pool.acquire() as conn:
                await outbox.requeue(conn, nid, now + dt.timedelta(seconds=delay), str(exc), now)
        else:
            async with self.pool.acquire() as conn:
                await outbox.mark_sent(
                    conn, nid, str(message["Message-ID"]), str(message["Subject"]), self.clock.now()
                )
            MAILS.labels(row["kind"], "sent").inc()
            log.info("notification %s (%s) sent", nid, row["kind"])

    async def _fail(self, nid: str, reason: str) -> None:
        async with self.pool.acquire() as conn:
            await outbox.mark_failed(conn, nid, reason, self.clock.now())

    async def _send(self, message: EmailMessage, recipient: str) -> None:
        s = self.settings
        async for attempt in AsyncRetrying(
            retry=retry_if_exception_type(TemporaryFailure),
            stop=stop_after_attempt(s.smtp_attempts),
            wait=wait_exponential(
                multiplier=s.smtp_retry_wait_seconds, max=s.smtp_retry_max_wait_seconds
            ),
            sleep=self.clock.sleep,
            reraise=True,
        ):
            with attempt:
                await self.sender.send(message, recipient)
