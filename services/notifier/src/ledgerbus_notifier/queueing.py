"""Turning an event into rows of the outbox, once, in the consumer's transaction.

Failures for a recipient who already got more than ``storm_threshold`` of them within
``storm_window_seconds`` are held for a digest instead of being mailed one by one.
"""

from __future__ import annotations

import datetime as dt

from ledgerbus_contracts import DossierUpdated
from ledgerbus_contracts.postings import PostingFailed
from ledgerbus_notifier.adapters import outbox, recipients, scopes
from ledgerbus_notifier.core.config import Settings
from ledgerbus_notifier.domain.mail import header_safe
from ledgerbus_notifier.domain.notifications import FAILURE_KINDS, Draft, Notifiable, drafts
from ledgerbus_notifier.domain.recipients import audience
from ledgerbus_notifier.domain.render import subject
from ledgerbus_servicekit.db import DbConnection


async def queue(conn: DbConnection, event: Notifiable, now: dt.datetime, settings: Settings) -> int:
    """Record the notifications of ``event``; returns how many are new."""
    own = await recipients.get_administration(conn, event.administration_id)
    if own is not None and own.tenant_id != event.tenant_id:
        own = None  # registered under another tenant: never mail across tenants
    tenant = await recipients.get_tenant(conn, event.tenant_id)
    scope = (
        None
        if isinstance(event, DossierUpdated | PostingFailed)
        else await scopes.get(conn, event.sync_id)
    )
    new = 0
    for draft in drafts(event, audience(event.administration_id, own, tenant), scope):
        state = await _initial_state(conn, draft, now, settings)
        title = header_safe(subject(draft.kind, draft.language, draft.payload))
        new += await outbox.insert(conn, draft, title, state, now)
    return new


async def _initial_state(
    conn: DbConnection, draft: Draft, now: dt.datetime, settings: Settings
) -> str:
    if not draft.recipient:
        return "skipped"
    if draft.kind not in FAILURE_KINDS:
        return "pending"
    await conn.execute(
        "SELECT pg_advisory_xact_lock(hashtext($1))", f"{draft.tenant_id}|{draft.recipient}"
    )
    since = now - dt.timedelta(seconds=settings.storm_window_seconds)
    recent = await outbox.recent_failures(conn, draft.tenant_id, draft.recipient, since)
    return "held" if recent >= settings.storm_threshold else "pending"
