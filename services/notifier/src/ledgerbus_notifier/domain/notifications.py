"""From an event to the notifications it causes: who, what, and a deterministic id.

A notification's id is derived from the event's own identity (the sync id or the
dossier update id, never the random CloudEvents id) and the recipient, so the same
fact delivered twice, replayed or republished, always maps onto the same row.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any, Literal

from ledgerbus_contracts import DossierUpdated, SyncFailed, SyncNeedsAttention
from ledgerbus_contracts.events.status import ErrorKind
from ledgerbus_contracts.postings import PostingFailed
from ledgerbus_notifier.domain.recipients import Audience, Language
from ledgerbus_servicekit.logging import redact

NAMESPACE = uuid.UUID("0f6c3f4e-8a57-4c57-9a0e-6c2bb2d1f7a1")
MAX_MESSAGE = 2000

Kind = Literal["sync_failed", "needs_attention", "dossier_updated", "posting_failed", "digest"]
FAILURE_KINDS: tuple[Kind, ...] = ("sync_failed", "needs_attention", "posting_failed")
Notifiable = SyncFailed | SyncNeedsAttention | DossierUpdated | PostingFailed

ACTIONS: dict[ErrorKind, str] = {
    ErrorKind.REAUTHORIZATION_REQUIRED: "reauthorize",
    ErrorKind.AUTH: "reauthorize",
    ErrorKind.RATE_LIMITED: "wait_rate_limit",
    ErrorKind.TRANSIENT: "retry_later",
    ErrorKind.CONFIGURATION: "check_configuration",
    ErrorKind.BUG: "contact_support",
}


@dataclass(frozen=True)
class Draft:
    """One mail to one recipient (``""`` when nobody is configured to receive it)."""

    notification_id: str
    event_key: str
    kind: Kind
    event_type: str
    administration_id: str
    tenant_id: str
    recipient: str
    language: Language
    payload: dict[str, Any]


def notification_id(event_key: str, recipient: str) -> str:
    """The id of the notification of ``event_key`` to ``recipient``: same inputs, same id."""
    return str(uuid.uuid5(NAMESPACE, f"{event_key}|{recipient.lower()}"))


def event_key(event: Notifiable) -> str:
    """The identity of the fact an event reports."""
    if isinstance(event, DossierUpdated):
        return f"dossier-updated:{event.update_id}"
    if isinstance(event, PostingFailed):
        return f"posting-failed:{event.posting_id}"
    kind = "sync-failed" if isinstance(event, SyncFailed) else "needs-attention"
    return f"{kind}:{event.sync_id}"


def safe_text(text: str) -> str:
    """A message fit for a mail: credentials masked, length bounded."""
    cleaned = redact(text)
    return cleaned if len(cleaned) <= MAX_MESSAGE else cleaned[: MAX_MESSAGE - 1] + "…"


def payload(event: Notifiable, audience: Audience, scope: dict[str, Any] | None) -> dict[str, Any]:
    """What the templates may show: chosen fields only, never raw records or secrets."""
    common: dict[str, Any] = {
        "administration_id": event.administration_id,
        "administration_name": audience.administration_name,
        "at": event.at.isoformat(),
    }
    if isinstance(event, DossierUpdated):
        until = event.bookkeeping_updated_until
        return {
            **common,
            "bookkeeping_updated_until": until.isoformat() if until else None,
            "active_period": event.active_period,
        }
    if isinstance(event, PostingFailed):
        refused = event.error.kind == "refused"
        return common | {
            "package": str(event.package),
            "posting_id": event.posting_id,
            "error_kind": event.error.kind,
            "error_message": safe_text(event.error.message),
            "action": "fix_posting" if refused else "resend_posting",
        }
    types = list(scope["entity_types"]) if scope else []
    common |= {"package": str(event.package), "sync_id": event.sync_id, "entity_types": types}
    common["mode"] = scope["mode"] if scope else None
    if isinstance(event, SyncFailed):
        error = event.error
        if error.entity_type is not None and str(error.entity_type) not in types:
            common["entity_types"] = [*types, str(error.entity_type)]
        return common | {
            "error_kind": str(error.kind),
            "error_message": safe_text(error.message),
            "action": ACTIONS[error.kind],
        }
    held = {str(k): v for k, v in event.held_deletions.items() if v}
    return common | {
        "error_kind": "needs_attention",
        "error_message": safe_text(event.reason),
        "held_deletions": held,
        "action": "release_held_deletions" if held else "contact_support",
    }


def drafts(event: Notifiable, audience: Audience, scope: dict[str, Any] | None) -> list[Draft]:
    """The notifications an event causes; none for a dossier update without notify_client."""
    if isinstance(event, DossierUpdated):
        if not event.notify_client:
            return []
        kind: Kind = "dossier_updated"
        recipients = audience.clients
    elif isinstance(event, PostingFailed):
        kind, recipients = "posting_failed", audience.administrators
    else:
        kind = "sync_failed" if isinstance(event, SyncFailed) else "needs_attention"
        recipients = audience.administrators
    key = event_key(event)
    body = payload(event, audience, scope)
    return [
        Draft(
            notification_id=notification_id(key, recipient),
            event_key=key,
            kind=kind,
            event_type=event.event_type,
            administration_id=event.administration_id,
            tenant_id=event.tenant_id,
            recipient=recipient,
            language=audience.language,
            payload=body,
        )
        for recipient in (recipients or ("",))
    ]
