"""Property: duplicates, replays and any order of delivery end in the in-order state."""

from __future__ import annotations

import asyncio
import datetime as dt
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledgerbus_contracts import EntityType
from ledgerbus_contracts.entities import GlAccount
from ledgerbus_ledger_store.adapters import apply
from ledgerbus_ledger_store.adapters.staging import stage_page
from ledgerbus_servicekit.db import create_pool, migrate, migrations_in

pytestmark = pytest.mark.integration
NOW = dt.datetime(2026, 11, 23, tzinfo=dt.UTC)

versions = st.lists(st.tuples(st.sampled_from("abcde"), st.integers(1, 6)), min_size=1, max_size=30)


def record(source_id: str, version: int) -> GlAccount:
    return GlAccount(
        administration_id="adm",
        source_id=source_id,
        source_version=version,
        code=source_id,
        name=f"{source_id} v{version}",
        account_type="balance",
        raw={"v": version},
    )


async def final_state(url: str, batches: list[list[tuple[str, int]]]) -> dict[str, Any]:
    schema = f"prop_{uuid.uuid4().hex[:8]}"
    pool = await create_pool(url, schema, max_size=1)
    try:
        await migrate(pool, migrations_in("ledgerbus_ledger_store"))
        async with pool.acquire() as conn:
            for batch in batches:
                async with conn.transaction():
                    records = [record(i, v) for i, v in batch]
                    page = stage_page("sync", "adm", EntityType.GL_ACCOUNT, 0, records)
                    await apply.upsert(conn, [page], [], NOW)
            found = await conn.fetch("SELECT source_id, source_version, name FROM gl_accounts")
        return {r["source_id"]: (r["source_version"], r["name"]) for r in found}
    finally:
        async with pool.acquire() as conn:
            await conn.execute(f'DROP SCHEMA "{schema}" CASCADE')
        await pool.close()


def run(coroutine: Any) -> Any:
    with ThreadPoolExecutor(1) as pool:  # its own event loop, outside the test's
        return pool.submit(asyncio.run, coroutine).result()


def test_any_delivery_order_with_duplicates_ends_in_the_in_order_state(
    database_url: str,
) -> None:
    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
    @given(changes=versions, data=st.data())
    def check(changes: list[tuple[str, int]], data: st.DataObject) -> None:
        in_order = [sorted(set(changes), key=lambda c: c[1])]
        delivered = data.draw(
            st.permutations(changes + data.draw(st.lists(st.sampled_from(changes), max_size=10)))
        )
        split = data.draw(st.integers(1, max(len(delivered), 1)))
        batches = [delivered[n : n + split] for n in range(0, len(delivered), split)]
        assert run(final_state(database_url, batches)) == run(final_state(database_url, in_order))

    check()
