"""Applying changes: newer versions win, replays change nothing, deletes only when certain."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from ledgerbus_contracts import DeletedRecord, EntitiesDeleted, EntityType, SyncMode
from ledgerbus_ledger_store.entrypoints.changes import ChangeApplier
from ledgerbus_ledger_store.testing import ADMIN, OPERATOR, account, running_ledger, snapshot
from ledgerbus_servicekit import Delivery, ServiceSettings, SystemClock
from ledgerbus_servicekit.db import create_pool
from ledgerbus_servicekit.testing import TopicReader

pytestmark = pytest.mark.integration
Settings = Callable[..., ServiceSettings]


async def test_a_replayed_sync_changes_nothing(service_settings: Settings) -> None:
    events = snapshot("s1", [[account("a", 5), account("b", 5)], [account("c", 5)]])
    async with running_ledger(service_settings) as ledger:
        await ledger.publish(events)
        first = await ledger.sync("s1")
        before = await ledger.accounts()
        await ledger.publish(events)  # the connector crashed and republished everything
        await ledger.publish(snapshot("marker", [[account("z", 1)]], SyncMode.INCREMENTAL))
        await ledger.sync("marker")
        after = await ledger.accounts()
        again = await ledger.sync("s1")
    assert first["applied"] == {"gl_account": 3} == again["applied"]
    assert {k: v for k, v in after.items() if k != "z"} == before


async def test_an_older_version_never_overwrites_a_newer_one(service_settings: Settings) -> None:
    async with running_ledger(service_settings) as ledger:
        await ledger.publish(snapshot("new", [[account("a", 9, "Newest")]], SyncMode.INCREMENTAL))
        await ledger.sync("new")
        await ledger.publish(snapshot("old", [[account("a", 3, "Stale")]], SyncMode.INCREMENTAL))
        await ledger.sync("old")
        accounts = await ledger.accounts()
    assert (accounts["a"]["name"], accounts["a"]["source_version"]) == ("Newest", 9)


async def test_a_complete_snapshot_soft_deletes_what_it_did_not_contain(
    service_settings: Settings,
) -> None:
    async with running_ledger(service_settings) as ledger:
        await ledger.publish(snapshot("full-1", [[account(x, 1) for x in "abcdefghij"]]))
        await ledger.sync("full-1")
        await ledger.publish(snapshot("full-2", [[account(x, 1) for x in "abcdefghi"]]))
        sync = await ledger.sync("full-2")
        live = await ledger.accounts()
        everything = await ledger.accounts(include_deleted=True)
    assert sync["state"] == "succeeded" and sync["deleted"] == {"gl_account": 1}
    assert "j" not in live and everything["j"]["deleted_at"] is not None


async def test_an_incomplete_snapshot_deletes_nothing(service_settings: Settings) -> None:
    async with running_ledger(service_settings) as ledger:
        await ledger.publish(snapshot("full-1", [[account(x, 1) for x in "abcd"]]))
        await ledger.sync("full-1")
        await ledger.publish(snapshot("full-2", [[account("a", 1)]], claimed_pages=2))
        sync = await ledger.sync("full-2")
        live = await ledger.accounts()
    assert sync["state"] == "failed"
    assert "snapshot incomplete" in sync["errors"][-1]["message"]
    assert set(live) == set("abcd")


async def test_the_mass_deletion_guard_holds_until_an_operator_releases(
    service_settings: Settings,
) -> None:
    async with running_ledger(service_settings) as ledger:
        await ledger.publish(snapshot("full-1", [[account(x, 1) for x in "abcdefghij"]]))
        await ledger.sync("full-1")
        await ledger.publish(snapshot("full-2", [[account(x, 1) for x in "abc"]]))
        held = await ledger.sync("full-2")
        kept = await ledger.accounts()
        released = await ledger.api.post(
            "/v1/syncs/full-2/held-deletions:release", headers=OPERATOR
        )
        again = await ledger.api.post("/v1/syncs/full-2/held-deletions:release", headers=OPERATOR)
        after = await ledger.accounts()
        async with TopicReader(
            ledger.settings.kafka_bootstrap_servers, ledger.settings.topics.sync_status
        ) as status:

            def outcomes() -> list[str]:
                return [
                    type(e.data).__name__
                    for e in status.envelopes()
                    if getattr(e.data, "sync_id", None) == "full-2"
                ]

            await status.wait_for(lambda _: "SyncCompleted" in outcomes())
    assert held["state"] == "needs_attention" and len(kept) == 10
    assert held["held"] == {"gl_account": 7}
    assert released.status_code == 200 and released.json()["state"] == "succeeded"
    assert released.json()["held"] == {}
    assert released.json()["deleted"] == {"gl_account": 7}
    assert again.status_code == 409
    assert set(after) == set("abc")
    assert outcomes() == ["SyncNeedsAttention", "SyncCompleted"]


async def test_discarded_held_deletions_keep_the_records(service_settings: Settings) -> None:
    async with running_ledger(service_settings, mass_deletion_threshold=0.1) as ledger:
        await ledger.publish(snapshot("full-1", [[account(x, 1) for x in "abcd"]]))
        await ledger.sync("full-1")
        await ledger.publish(snapshot("full-2", [[account(x, 1) for x in "abc"]]))
        await ledger.sync("full-2")
        discarded = await ledger.api.post(
            "/v1/syncs/full-2/held-deletions:discard", headers=OPERATOR
        )
        after = await ledger.accounts()
    assert discarded.json()["state"] == "succeeded" and set(after) == set("abcd")


async def test_reported_deletes_are_soft_deletes_unless_a_newer_version_exists(
    service_settings: Settings,
) -> None:
    async with running_ledger(service_settings) as ledger:
        await ledger.publish(
            snapshot("s1", [[account("a", 5), account("b", 50)]], SyncMode.INCREMENTAL)
        )
        await ledger.sync("s1")
        events = snapshot("s2", [], SyncMode.INCREMENTAL)
        events.insert(
            1,
            EntitiesDeleted(
                administration_id=ADMIN,
                sync_id="s2",
                entity_type=EntityType.GL_ACCOUNT,
                page_seq=0,
                deletions=[
                    DeletedRecord(source_id="a", source_version=6),
                    DeletedRecord(source_id="b", source_version=7),
                ],
            ),
        )
        await ledger.publish(events)
        sync = await ledger.sync("s2")
        live = await ledger.accounts()
    assert sync["deleted"] == {"gl_account": 1}
    assert set(live) == {"b"}


async def test_a_page_twice_in_one_batch_counts_once(service_settings: Settings) -> None:
    # Found by the broker-restart fault test: a connector re-running a sync while its
    # first run's pages were still unapplied put both copies of a page in one batch.
    start, page, end = snapshot("twice", [[account("a", 1), account("b", 1)]])
    async with running_ledger(service_settings) as ledger:
        config = ledger.settings
        pool = await create_pool(config.database_url, config.database_schema)
        try:
            applier = ChangeApplier(pool, ledger.publisher, SystemClock(), config)
            topic = config.topics.ledger_changes
            batch = [
                Delivery(ledger.publisher.envelope(m), topic, 0, n)
                for n, m in enumerate([start, page, page])
            ]
            await applier(batch)
            await applier([Delivery(ledger.publisher.envelope(end), topic, 0, 3)])
        finally:
            await pool.close()
        ended = await ledger.sync("twice")
    assert ended["applied"] == {"gl_account": 2}
