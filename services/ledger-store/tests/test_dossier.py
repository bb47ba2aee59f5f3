"""The dossier: changed by PATCH or by a successful manual sync, announced once via the outbox."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from ledgerbus_contracts import DossierChanges, DossierUpdated, SyncMode
from ledgerbus_ledger_store.testing import ADMIN, OPERATOR, account, running_ledger, snapshot
from ledgerbus_servicekit import ServiceSettings
from ledgerbus_servicekit.testing import TopicReader

pytestmark = pytest.mark.integration
Settings = Callable[..., ServiceSettings]


async def test_a_patch_changes_the_dossier_and_announces_it_once(
    service_settings: Settings,
) -> None:
    async with running_ledger(service_settings) as ledger:
        await ledger.publish(snapshot("s1", [[account("a", 1)]], SyncMode.INCREMENTAL))
        await ledger.sync("s1")
        first = await ledger.api.patch(
            f"/v1/administrations/{ADMIN}/dossier",
            headers=OPERATOR,
            json={
                "bookkeeping_updated_until": "2026-10-31",
                "active_period": "2026-11",
                "notify_client": True,
            },
        )
        second = await ledger.api.patch(
            f"/v1/administrations/{ADMIN}/dossier",
            headers=OPERATOR,
            json={"active_period": "2027-01"},
        )
        bad = await ledger.api.patch(
            f"/v1/administrations/{ADMIN}/dossier",
            headers=OPERATOR,
            json={"active_period": "2026-14"},
        )
        topics = ledger.settings.topics
        async with TopicReader(
            ledger.settings.kafka_bootstrap_servers, topics.dossier_updates
        ) as reader:
            await reader.wait_for(lambda records: len(records) >= 2)
            events = [e.data for e in reader.envelopes()]
    assert first.status_code == 200 and first.json()["closed_until"] == "2026-10"
    assert second.json()["bookkeeping_updated_until"] == "2026-10-31"
    assert second.json()["closed_until"] == "2026-12"
    assert bad.status_code == 422 and "active_period" in bad.text
    assert [isinstance(e, DossierUpdated) for e in events] == [True, True]
    assert [e.notify_client for e in events] == [True, False]  # type: ignore[union-attr]


async def test_dossier_fields_on_a_sync_take_effect_once_when_it_succeeds(
    service_settings: Settings,
) -> None:
    changes = DossierChanges(bookkeeping_updated_until=dt.date(2026, 11, 20), notify_client=True)
    async with running_ledger(service_settings) as ledger:
        failing = snapshot("broken", [[account("a", 1)]], claimed_pages=2, dossier=changes)
        await ledger.publish(failing)
        await ledger.sync("broken")
        untouched = (
            await ledger.api.get(f"/v1/administrations/{ADMIN}/dossier", headers=OPERATOR)
        ).json()
        events = snapshot("manual-1", [[account("a", 1)]], dossier=changes)
        await ledger.publish(events)
        await ledger.publish(events)  # replayed
        await ledger.publish(snapshot("after", [[account("b", 1)]], SyncMode.INCREMENTAL))
        await ledger.sync("after")
        dossier = (
            await ledger.api.get(f"/v1/administrations/{ADMIN}/dossier", headers=OPERATOR)
        ).json()
        async with TopicReader(
            ledger.settings.kafka_bootstrap_servers, ledger.settings.topics.dossier_updates
        ) as reader:
            await reader.wait_for(lambda records: len(records) >= 1)
            updates = [e.data for e in reader.envelopes()]
    assert untouched["bookkeeping_updated_until"] is None
    assert dossier["bookkeeping_updated_until"] == "2026-11-20"
    assert [u.sync_id for u in updates] == ["manual-1"]  # type: ignore[union-attr]
