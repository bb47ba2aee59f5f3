"""The sync runner against a real HTTP package, the real Kafka and the real PostgreSQL.

A full sync is framed and counted; a sync killed mid-way resumes from its last saved
page without losing or duplicating a record; an incremental sync reads only what
changed since the cursor, which advances only when a sync ends.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass

import asyncpg
import pytest

from ledgerbus_connectorkit import JobStore, JobWorker, SyncRunner
from ledgerbus_connectorkit.testing.toy import ToyConnector, ToyPackage, toy_app
from ledgerbus_contracts import (
    EntitiesUpserted,
    EntityType,
    Package,
    RequestSync,
    SyncChangesEnded,
    SyncChangesStarted,
    SyncFailed,
    SyncMode,
    SyncTrigger,
    Topics,
)
from ledgerbus_servicekit import EventPublisher, FakeClock
from ledgerbus_servicekit.db import create_pool, migrate, migrations_in
from ledgerbus_servicekit.kafka import ensure_topics
from ledgerbus_servicekit.testing import TopicReader, eventually, served_app

pytestmark = pytest.mark.integration
START = dt.datetime(2026, 11, 2, 1, 0, tzinfo=dt.UTC)


@dataclass
class Rig:
    package: ToyPackage
    url: str
    pool: asyncpg.Pool
    publisher: EventPublisher
    topics: Topics
    clock: FakeClock
    bootstrap: str

    def worker(self, owner: str) -> JobWorker:
        store = JobStore(self.pool, owner=owner)
        connector = ToyConnector(self.url, self.clock)
        runner = SyncRunner(connector, store, self.publisher, self.clock, records_per_message=4)
        return JobWorker(store, runner, self.clock, concurrency=2, poll_seconds=0.05)

    async def request(self, sync_id: str, mode: SyncMode) -> None:
        await JobStore(self.pool, owner="api").enqueue(
            RequestSync(
                administration_id="adm-1",
                sync_id=sync_id,
                tenant_id="t",
                external_id="div-1",
                package=Package.SNELSTART,
                mode=mode,
                trigger=SyncTrigger.MANUAL,
                entity_types=(EntityType.GL_ACCOUNT,),
                requested_at=self.clock.now(),
            )
        )

    async def changes(self, sync_id: str, done: Callable[[list[object]], bool]) -> list[object]:
        async with TopicReader(self.bootstrap, self.topics.ledger_changes) as reader:

            def mine() -> list[object]:
                return [
                    e.data
                    for e in reader.envelopes()
                    if getattr(e.data, "sync_id", None) == sync_id
                ]

            await reader.wait_for(lambda _: done(mine()))
            return mine()


@pytest.fixture
async def rig(
    kafka_bootstrap: str,
    database_url: str,
    topic_prefix: str,
    db_schema: Callable[[str], str],
) -> AsyncIterator[Rig]:
    topics = Topics(topic_prefix)
    await ensure_topics(kafka_bootstrap, topics.all(), partitions=1, replication_factor=1)
    package = ToyPackage()
    for n in range(25):
        package.put(f"acc-{n:02d}", f"Account {n}")
    pool = await create_pool(database_url, db_schema("kit"), max_size=4)
    await migrate(pool, migrations_in("ledgerbus_connectorkit"))
    async with (
        served_app(toy_app(package)) as url,
        EventPublisher(kafka_bootstrap, topics, source="/test/connector") as publisher,
    ):
        yield Rig(package, url, pool, publisher, topics, FakeClock(START), kafka_bootstrap)
    await pool.close()


def upserted_ids(events: list[object]) -> list[str]:
    return [r.source_id for e in events if isinstance(e, EntitiesUpserted) for r in e.records]


def ended(events: list[object]) -> bool:
    return any(isinstance(e, SyncChangesEnded) for e in events)


async def test_a_full_sync_is_a_framed_snapshot_with_counts(rig: Rig) -> None:
    await rig.request("full-1", SyncMode.FULL)
    assert await rig.worker("w1").run_pending() == 1

    events = await rig.changes("full-1", ended)
    assert isinstance(events[0], SyncChangesStarted)
    assert sorted(upserted_ids(events)) == sorted(rig.package.accounts)
    end = events[-1]
    assert isinstance(end, SyncChangesEnded)
    totals = end.totals[EntityType.GL_ACCOUNT]
    pages = [e.page_seq for e in events if isinstance(e, EntitiesUpserted)]
    assert (totals.records, totals.pages) == (25, len(pages))
    assert pages == list(range(len(pages)))


async def test_a_killed_sync_resumes_from_its_last_saved_page(rig: Rig) -> None:
    rig.package.held_page = 2
    await rig.request("full-2", SyncMode.FULL)
    first = rig.worker("replica-a")
    await first.start()
    await asyncio.wait_for(rig.package.page_requested.wait(), 30)
    await first.stop()  # killed while page 2 is in flight

    rig.package.release.set()
    assert await rig.worker("replica-b").run_pending() == 1

    events = await rig.changes("full-2", ended)
    ids = upserted_ids(events)
    assert sorted(set(ids)) == sorted(rig.package.accounts)
    assert len(ids) == 25, "a record was published twice"
    assert rig.package.requests.count("page=0 since=0") == 1, "page 0 was read again"
    assert rig.package.requests.count("page=1 since=0") == 1, "page 1 was read again"
    assert await JobStore(rig.pool, "check").state_of("full-2") == "succeeded"


async def test_an_incremental_sync_reads_only_changes_since_the_last_sync(rig: Rig) -> None:
    await rig.request("full-3", SyncMode.FULL)
    await rig.worker("w").run_pending()
    rig.package.put("acc-03", "Renamed")
    rig.package.put("acc-99", "New")

    await rig.request("incr-1", SyncMode.INCREMENTAL)
    await rig.worker("w").run_pending()

    events = await rig.changes("incr-1", ended)
    assert sorted(upserted_ids(events)) == ["acc-03", "acc-99"]


async def test_a_failed_sync_keeps_the_cursor_where_it_was(rig: Rig) -> None:
    await rig.request("full-4", SyncMode.FULL)
    await rig.worker("w").run_pending()
    store = JobStore(rig.pool, "check")
    cursor_before = await store.cursors("adm-1")
    rig.package.put("acc-50", "Later")
    rig.package.failures = [403]

    await rig.request("incr-2", SyncMode.INCREMENTAL)
    await rig.worker("w").run_pending()

    assert await store.state_of("incr-2") == "failed"
    assert await store.cursors("adm-1") == cursor_before
    async with TopicReader(rig.bootstrap, rig.topics.sync_status) as reader:
        records = await reader.wait_for(
            lambda _: any(isinstance(e.data, SyncFailed) for e in reader.envelopes())
        )
        assert records
        failed = next(e.data for e in reader.envelopes() if isinstance(e.data, SyncFailed))
    assert "403" in failed.error.message


async def test_transient_server_errors_are_retried(rig: Rig) -> None:
    rig.package.failures = [503, 502]
    await rig.request("full-5", SyncMode.FULL)
    await rig.worker("w").run_pending()

    events = await rig.changes("full-5", ended)
    assert sorted(upserted_ids(events)) == sorted(rig.package.accounts)


async def test_a_division_the_connection_cannot_reach_fails_before_anything_is_read(
    rig: Rig,
) -> None:
    store = JobStore(rig.pool, owner="w")
    connector = ToyConnector(rig.url, rig.clock, reachable_divisions={"div-2"})
    runner = SyncRunner(connector, store, rig.publisher, rig.clock)
    await rig.request("full-6", SyncMode.FULL)  # for div-1
    assert await JobWorker(store, runner, rig.clock).run_pending() == 1

    async with TopicReader(rig.bootstrap, rig.topics.sync_status) as reader:
        await reader.wait_for(
            lambda _: any(isinstance(e.data, SyncFailed) for e in reader.envelopes())
        )
        statuses = [
            e.data for e in reader.envelopes() if getattr(e.data, "sync_id", None) == "full-6"
        ]
    assert [type(s) for s in statuses] == [SyncFailed]
    failed = statuses[0]
    assert isinstance(failed, SyncFailed)
    assert "cannot reach snelstart administration 'div-1'" in failed.error.message
    assert rig.package.requests == [], "the package was read"
    assert await store.state_of("full-6") == "failed"


async def test_a_stalled_sync_keeps_its_lease_and_runs_once(rig: Rig) -> None:
    # Issue 12's broker restart: runs waiting on the broker outlived their lease, the
    # worker claimed the job again beside them, and every page went out several times.
    rig.package.held_page = 1
    await rig.request("full-stalled", SyncMode.FULL)
    worker = rig.worker("replica-a")
    await worker.start()
    try:
        await asyncio.wait_for(rig.package.page_requested.wait(), 30)
        rig.clock.advance(600)  # far past the lease the claim took, the run still waiting

        async def renewed() -> asyncpg.Record | None:
            row = await rig.pool.fetchrow(
                "SELECT attempts, lease_until FROM sync_jobs WHERE sync_id = 'full-stalled'"
            )
            return row if row is not None and row["lease_until"] > rig.clock.now() else None

        row = await eventually(renewed, what="the stalled run's lease renewed")
        assert row["attempts"] == 1, "the job was claimed again while its run went on"
        assert await JobStore(rig.pool, "replica-b").claim(rig.clock.now(), 4) == []
        rig.package.release.set()
        events = await rig.changes("full-stalled", ended)
    finally:
        rig.package.release.set()  # a held page would keep the package's server from stopping
        await worker.stop()
    assert sorted(upserted_ids(events)) == sorted(rig.package.accounts)
    assert rig.package.requests.count("page=0 since=0") == 1, "page 0 was read again"
