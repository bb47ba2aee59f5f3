"""The connector conformance suite: any connector, against its sandbox, over real HTTP.

A package's test module builds a :class:`ConformanceRig` (the connector app, the
sandbox's URL, a connected administration) and calls the ``check_*`` functions. They
speak to the sandbox only through the package-neutral ``/_sandbox`` control API and
to the connector only through Kafka, so they hold for every package.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import unquote_plus

import httpx

from ledgerbus_contracts import (
    EntitiesUpserted,
    Entity,
    EntityType,
    Package,
    RequestSync,
    SyncChangesEnded,
    SyncChangesStarted,
    SyncFailed,
    SyncMode,
    SyncTrigger,
    Topics,
    supported_entity_types,
)
from ledgerbus_servicekit import EventPublisher
from ledgerbus_servicekit.testing import TopicReader, eventually

T = TypeVar("T")


@dataclass
class SyncResult:
    """What one sync published on ``ledger.changes``."""

    sync_id: str = ""
    upserts: dict[EntityType, list[Entity]] = field(default_factory=dict)
    end: SyncChangesEnded | None = None
    start: SyncChangesStarted | None = None

    def ids(self, entity_type: EntityType) -> set[str]:
        return {e.source_id for e in self.upserts.get(entity_type, [])}


@dataclass
class ConformanceRig:
    """A running connector and its sandbox, with one connected administration."""

    package: Package
    sandbox_url: str
    external_id: str
    connection_id: str
    bootstrap: str
    topics: Topics
    administration_id: str = "conformance-admin"
    tenant_id: str = "conformance"
    """The tenant the rig's connection belongs to (create it with this ``tenant_id``)."""

    async def request(
        self,
        mode: SyncMode,
        *,
        sync_from: dt.date | None = None,
        since: dt.date | None = None,
        replace: bool = False,
    ) -> str:
        """Publish a sync request (with the administration's ``sync_from`` and a manual
        ``since`` where given); returns its sync id."""
        sync_id = f"conformance-{uuid.uuid4().hex[:10]}"
        request = RequestSync(
            administration_id=self.administration_id,
            sync_id=sync_id,
            tenant_id=self.tenant_id,
            package=self.package,
            external_id=self.external_id,
            connection_id=self.connection_id,
            mode=mode,
            trigger=SyncTrigger.MANUAL,
            sync_from=sync_from,
            since=since,
            replace=replace,
            requested_by="conformance" if replace else None,
            requested_at=dt.datetime.now(dt.UTC),
        )
        async with EventPublisher(self.bootstrap, self.topics, source="/conformance") as pub:
            await pub.publish(request)
        return sync_id

    async def status_events(self, sync_id: str, wanted: type[T], timeout: float = 60) -> T:
        """The first status event of a type for a sync."""
        async with TopicReader(self.bootstrap, self.topics.sync_status) as status:

            async def found() -> T | None:
                await status.poll()
                return next(
                    (
                        e.data
                        for e in status.envelopes()
                        if isinstance(e.data, wanted)
                        and getattr(e.data, "sync_id", None) == sync_id
                    ),
                    None,
                )

            return await eventually(found, timeout=timeout, what=f"{wanted.__name__} {sync_id}")

    async def sync(
        self,
        mode: SyncMode,
        timeout: float = 120,
        *,
        sync_from: dt.date | None = None,
        since: dt.date | None = None,
        replace: bool = False,
    ) -> SyncResult:
        """Request a sync through Kafka and collect what the connector published."""
        sync_id = await self.request(mode, sync_from=sync_from, since=since, replace=replace)
        return await self.collect(sync_id, timeout)

    async def collect(self, sync_id: str, timeout: float = 120) -> SyncResult:
        """Wait for a sync's end marker and gather its pages (each page once)."""
        result = SyncResult(sync_id=sync_id)
        async with (
            TopicReader(self.bootstrap, self.topics.ledger_changes) as changes,
            TopicReader(self.bootstrap, self.topics.sync_status) as status,
        ):

            async def ended() -> bool:
                await changes.poll()
                await status.poll()
                failed = [
                    e.data
                    for e in status.envelopes()
                    if isinstance(e.data, SyncFailed) and e.data.sync_id == sync_id
                ]
                assert not failed, f"the sync failed: {failed[0].error}"
                return any(
                    isinstance(e.data, SyncChangesEnded) and e.data.sync_id == sync_id
                    for e in changes.envelopes()
                )

            await eventually(ended, timeout=timeout, what=f"sync {sync_id} to end")
        seen: set[tuple[EntityType, int]] = set()
        for envelope in changes.envelopes():
            event = envelope.data
            if isinstance(event, EntitiesUpserted) and event.sync_id == sync_id:
                if (event.entity_type, event.page_seq) not in seen:
                    seen.add((event.entity_type, event.page_seq))
                    result.upserts.setdefault(event.entity_type, []).extend(event.records)
            elif isinstance(event, SyncChangesEnded) and event.sync_id == sync_id:
                result.end = event
            elif isinstance(event, SyncChangesStarted) and event.sync_id == sync_id:
                result.start = event
        return result

    async def sandbox_records(self, entity_type: EntityType) -> list[dict[str, Any]]:
        async with httpx.AsyncClient(base_url=self.sandbox_url) as client:
            response = await client.get(
                f"/_sandbox/administrations/{self.external_id}/records/{entity_type}"
            )
            response.raise_for_status()
            records: list[dict[str, Any]] = response.json()["records"]
            return records

    async def sandbox_requests(self) -> list[str]:
        """The requests the sandbox served lately (``METHOD path?query``, decoded)."""
        async with httpx.AsyncClient(base_url=self.sandbox_url) as client:
            response = await client.get("/_sandbox/stats")
            response.raise_for_status()
            return [unquote_plus(line) for line in response.json().get("recent", [])]

    async def sandbox_change(
        self, entity_type: EntityType, record_id: str, fields: dict[str, Any] | None
    ) -> None:
        """Change a record in the sandbox, or hard-delete it (``fields`` None)."""
        url = f"/_sandbox/administrations/{self.external_id}/records/{entity_type}/{record_id}"
        async with httpx.AsyncClient(base_url=self.sandbox_url) as client:
            response = await (
                client.delete(url) if fields is None else client.put(url, json=fields)
            )
            response.raise_for_status()


def record_id(raw: dict[str, Any]) -> str:
    """The package's own id in a raw record (``ID`` for Exact, ``id`` elsewhere)."""
    return str(raw.get("ID") or raw.get("id"))


async def check_full_sync_mirrors_the_sandbox(rig: ConformanceRig) -> SyncResult:
    """Every supported entity type arrives complete, and the end marker counts it right."""
    result = await rig.sync(SyncMode.FULL)
    assert result.end is not None
    for entity_type in supported_entity_types(rig.package):
        expected = {record_id(r) for r in await rig.sandbox_records(entity_type)}
        assert result.ids(entity_type) == expected, f"{entity_type} differs from the sandbox"
        totals = result.end.totals[entity_type]
        assert totals.records == len(result.upserts.get(entity_type, [])), entity_type
    return result


async def check_full_sync_leaves_out_hard_deleted_records(
    rig: ConformanceRig, entity_type: EntityType
) -> None:
    """A record hard-deleted at the source is absent from the next snapshot."""
    victim = record_id((await rig.sandbox_records(entity_type))[0])
    await rig.sandbox_change(entity_type, victim, None)
    result = await rig.sync(SyncMode.FULL)
    assert victim not in result.ids(entity_type)
    assert result.ids(entity_type) == {record_id(r) for r in await rig.sandbox_records(entity_type)}


async def check_incremental_sync_reads_only_changes(
    rig: ConformanceRig, entity_type: EntityType, change: dict[str, Any]
) -> None:
    """After a full sync, an incremental one carries the changed record and little else."""
    await rig.sync(SyncMode.FULL)
    target = record_id((await rig.sandbox_records(entity_type))[1])
    await rig.sandbox_change(entity_type, target, change)
    result = await rig.sync(SyncMode.INCREMENTAL)
    assert result.ids(entity_type) == {target}
