"""Builds ledger.changes events the way a connector publishes them, for the tests."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx
from aiokafka import ConsumerRecord

from ledgerbus_contracts import (
    DossierChanges,
    EntitiesUpserted,
    EntityType,
    EntityTypeTotals,
    Message,
    Package,
    SyncChangesEnded,
    SyncChangesStarted,
    SyncMode,
    SyncTrigger,
)
from ledgerbus_contracts.entities import GlAccount
from ledgerbus_ledger_store.core.config import Settings
from ledgerbus_ledger_store.entrypoints.decoding import decode_page
from ledgerbus_ledger_store.main import create_app
from ledgerbus_servicekit import Delivery, EventPublisher, ServiceSettings
from ledgerbus_servicekit.testing import eventually, running_app

OPERATOR = {"Authorization": "Bearer dev-operator-token"}
AT = dt.datetime(2026, 11, 2, 2, 0, tzinfo=dt.UTC)
ADMIN = "adm-1"


def account(source_id: str, version: int, name: str | None = None) -> GlAccount:
    return GlAccount(
        administration_id=ADMIN,
        source_id=source_id,
        source_version=version,
        code=source_id,
        name=name or f"Account {source_id}",
        account_type="balance",
        raw={"id": source_id, "v": version},
    )


def snapshot(
    sync_id: str,
    pages: Sequence[Sequence[GlAccount]],
    mode: SyncMode = SyncMode.FULL,
    *,
    claimed_pages: int | None = None,
    dossier: DossierChanges | None = None,
) -> list[Message]:
    """A framed sync of GL accounts: start, one upsert per page, end with the totals."""
    events: list[Message] = [
        SyncChangesStarted(
            administration_id=ADMIN,
            sync_id=sync_id,
            mode=mode,
            dossier=dossier,
            entity_types=(EntityType.GL_ACCOUNT,),
            started_at=AT,
            tenant_id="t1",
            package=Package.EXACT,
            trigger=SyncTrigger.MANUAL,
        )
    ]
    events += [
        EntitiesUpserted(
            administration_id=ADMIN,
            sync_id=sync_id,
            entity_type=EntityType.GL_ACCOUNT,
            page_seq=n,
            records=list(page),
        )
        for n, page in enumerate(pages)
    ]
    records = sum(len(p) for p in pages)
    events.append(
        SyncChangesEnded(
            administration_id=ADMIN,
            sync_id=sync_id,
            mode=mode,
            started_at=AT,
            ended_at=AT + dt.timedelta(seconds=42),
            totals={
                EntityType.GL_ACCOUNT: EntityTypeTotals(
                    records=records,
                    pages=claimed_pages if claimed_pages is not None else len(pages),
                )
            },
        )
    )
    return events


@dataclass
class Ledger:
    api: httpx.AsyncClient
    publisher: EventPublisher
    settings: Settings
    administration_id: str = ADMIN

    async def publish(self, events: Sequence[Message]) -> None:
        await self.publisher.publish_many(events)

    async def sync(
        self, sync_id: str, *, until: Callable[[dict[str, Any]], bool] | None = None
    ) -> dict[str, Any]:
        """The sync once it reached a terminal state (or ``until`` holds)."""
        done = until or (lambda s: s["state"] in ("succeeded", "failed", "needs_attention"))

        async def probe() -> dict[str, Any] | None:
            response = await self.api.get(f"/v1/syncs/{sync_id}", headers=OPERATOR)
            body: dict[str, Any] = response.json()
            return body if response.status_code == 200 and done(body) else None

        return await eventually(probe, timeout=60, what=f"sync {sync_id}")

    async def live_ids(self, entity_type: EntityType) -> set[str]:
        """The source ids of the live records of a type in the test administration."""
        ids: set[str] = set()
        token: str | None = None
        while True:
            params = {"limit": "1000", **({"page_token": token} if token else {})}
            response = await self.api.get(
                f"/v1/administrations/{self.administration_id}/entities/{entity_type}",
                params=params,
                headers=OPERATOR,
            )
            assert response.status_code == 200, response.text
            body = response.json()
            ids.update(item["source_id"] for item in body["items"])
            token = body["next_page_token"]
            if token is None:
                return ids

    async def accounts(self, include_deleted: bool = False) -> dict[str, dict[str, Any]]:
        response = await self.api.get(
            f"/v1/administrations/{ADMIN}/entities/gl_account",
            params={"include_deleted": str(include_deleted).lower(), "limit": "5000"},
            headers=OPERATOR,
        )
        assert response.status_code == 200, response.text
        return {item["source_id"]: item for item in response.json()["items"]}


@asynccontextmanager
async def running_ledger(
    settings: Callable[..., ServiceSettings], **overrides: Any
) -> AsyncIterator[Ledger]:
    config = settings(Settings, **overrides)
    assert isinstance(config, Settings)
    async with (
        running_app(create_app(config)) as api,
        EventPublisher(
            config.kafka_bootstrap_servers, config.topics, source="/test/connector"
        ) as publisher,
    ):
        yield Ledger(api, publisher, config)


KILLER = b"this page kills its decoding worker"
"""The value of a record that :func:`decode_or_die` dies on."""


def decode_or_die(record: ConsumerRecord) -> Delivery | str:
    """Decodes as a worker does, except that a record whose value is :data:`KILLER` kills the
    worker process (a test's stand-in for a page that crashes the decoder)."""
    if record.value == KILLER:
        os._exit(1)
    return decode_page(record)
