"""Shared test support: events, a publisher, and readers of the sink and the sent-log."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any

import httpx

from ledgerbus_contracts import (
    DossierUpdated,
    EntityType,
    Message,
    SyncFailed,
    SyncNeedsAttention,
    SyncStarted,
    Topics,
)
from ledgerbus_contracts.commands import SyncMode, SyncTrigger
from ledgerbus_contracts.events.status import ErrorKind, SyncError
from ledgerbus_servicekit import EventPublisher

OPERATOR = {"Authorization": "Bearer dev-operator-token"}
TENANT = "tenant-a"
START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def started(admin: str, sync_id: str) -> SyncStarted:
    return SyncStarted(
        administration_id=admin,
        sync_id=sync_id,
        tenant_id=TENANT,
        package="exact",
        at=START,
        mode=SyncMode.FULL,
        trigger=SyncTrigger.MANUAL,
        entity_types=(EntityType.GL_ACCOUNT, EntityType.TRANSACTION_LINE),
    )


def failed(
    admin: str,
    sync_id: str,
    kind: ErrorKind = ErrorKind.REAUTHORIZATION_REQUIRED,
    message: str = "refresh token expired",
) -> SyncFailed:
    return SyncFailed(
        administration_id=admin,
        sync_id=sync_id,
        tenant_id=TENANT,
        package="exact",
        at=START,
        error=SyncError(kind=kind, message=message),
    )


def needs_attention(admin: str, sync_id: str) -> SyncNeedsAttention:
    return SyncNeedsAttention(
        administration_id=admin,
        sync_id=sync_id,
        tenant_id=TENANT,
        package="twinfield",
        at=START,
        reason="a full sync would delete 812 of 900 GL accounts",
        held_deletions={EntityType.GL_ACCOUNT: 812},
    )


def dossier(admin: str, update_id: str, *, notify_client: bool) -> DossierUpdated:
    return DossierUpdated(
        administration_id=admin,
        update_id=update_id,
        tenant_id=TENANT,
        bookkeeping_updated_until=dt.date(2026, 2, 28),
        active_period="2026-02",
        notify_client=notify_client,
        at=START,
    )


@asynccontextmanager
async def publisher(bootstrap: str, prefix: str) -> AsyncIterator[EventPublisher]:
    async with EventPublisher(bootstrap, Topics(prefix), source="/tests") as events:
        yield events


async def publish(events: EventPublisher, messages: Sequence[Message]) -> None:
    await events.publish_many(messages)


async def set_recipients(client: httpx.AsyncClient, admin: str, **body: Any) -> None:
    response = await client.put(
        f"/v1/administrations/{admin}/recipients",
        headers=OPERATOR,
        json={"tenant_id": TENANT, **body},
    )
    assert response.status_code == 200, response.text


async def notifications(client: httpx.AsyncClient, **params: Any) -> list[dict[str, Any]]:
    response = await client.get(
        "/v1/notifications", headers=OPERATOR, params={"limit": 1000, **params}
    )
    assert response.status_code == 200, response.text
    rows: list[dict[str, Any]] = response.json()
    return rows


def text_of(message: Any) -> str:
    body = message.get_body(preferencelist=("plain",))
    return str(body.get_content())


def html_of(message: Any) -> str:
    body = message.get_body(preferencelist=("html",))
    return str(body.get_content())
