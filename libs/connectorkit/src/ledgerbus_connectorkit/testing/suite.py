"""The conformance suite as one class a connector's test module subclasses in one line::

    class TestConformance(ConformanceSuite, rig=snelstart_rig, hard_deleted=..., ...): ...

It syncs against the package's sandbox through the connector: a full sync mirrors the
sandbox and leaves out hard-deleted records, an incremental reads only changes,
``sync_from`` and ``since`` bound the dated reads at the source (``at_source``), the
mirror follows ``sync_from`` and ``replace`` through a ledger-store, refused credentials
get a 422 that names the problem and never echoes the secret, ``GET /v1/connections``
lists the connection, and (where declared) the administrations a connection reaches.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any, ClassVar

import httpx
import pytest

from ledgerbus_connectorkit.testing.conformance import (
    ConformanceRig,
    check_full_sync_leaves_out_hard_deleted_records,
    check_full_sync_mirrors_the_sandbox,
    check_incremental_sync_reads_only_changes,
)
from ledgerbus_connectorkit.testing.rig import OPERATOR, Connected, RigFactory
from ledgerbus_connectorkit.testing.scope import (
    AtSource,
    check_an_incremental_stays_within_sync_from,
    check_since_rereads_from_that_date,
    check_sync_from_bounds_a_full_sync,
    check_the_mirror_follows_sync_from_and_replace,
)
from ledgerbus_contracts import EntityType
from ledgerbus_servicekit import ServiceSettings


@dataclass(frozen=True)
class Declared:
    """What a package declares to the suite (see :class:`ConformanceSuite`)."""

    rig: RigFactory
    hard_deleted: EntityType
    changed: tuple[EntityType, dict[str, Any]]
    at_source: AtSource
    refused: tuple[dict[str, Any], str]
    administrations: frozenset[str] | None
    entries_balance: bool


class ConformanceSuite:
    """What every package connector passes; subclass with the package's declarations.

    ``rig``: the package's :data:`RigFactory`; ``hard_deleted``: an entity type the
    sandbox can hard-delete; ``changed``: an entity type and the fields an incremental
    must pick up; ``at_source``: how the sandbox's request log shows a date filter;
    ``refused``: credentials the package refuses and what the 422 says;
    ``administrations``: the codes the rig's connection reaches (None: not checked);
    ``entries_balance``: every entry of the full sync's lines sums to zero.
    """

    pytestmark: ClassVar[list[pytest.MarkDecorator]] = [pytest.mark.integration]
    declared: ClassVar[Declared]

    def __init_subclass__(
        cls,
        *,
        rig: RigFactory,
        hard_deleted: EntityType,
        changed: tuple[EntityType, dict[str, Any]],
        at_source: AtSource,
        refused: tuple[dict[str, Any], str],
        administrations: frozenset[str] | None = None,
        entries_balance: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init_subclass__(**kwargs)
        cls.declared = Declared(
            rig, hard_deleted, changed, at_source, refused, administrations, entries_balance
        )

    @pytest.fixture
    async def connected(
        self, service_settings: Callable[..., ServiceSettings]
    ) -> AsyncIterator[Connected]:
        """The rig and the connector's API."""
        async with self.declared.rig(service_settings) as pair:
            yield pair

    @pytest.fixture
    def rig(self, connected: Connected) -> ConformanceRig:
        """The rig alone."""
        return connected[0]

    async def test_a_full_sync_mirrors_the_sandbox(self, rig: ConformanceRig) -> None:
        result = await check_full_sync_mirrors_the_sandbox(rig)
        if self.declared.entries_balance:
            by_entry: dict[str, Any] = {}
            for line in result.upserts[EntityType.TRANSACTION_LINE]:
                entry = getattr(line, "entry_id")  # noqa: B009 - lines only
                by_entry[entry] = by_entry.get(entry, 0) + getattr(line, "amount")  # noqa: B009
            assert all(total == 0 for total in by_entry.values()), "an entry does not balance"

    async def test_a_full_sync_leaves_out_hard_deleted_records(self, rig: ConformanceRig) -> None:
        await check_full_sync_leaves_out_hard_deleted_records(rig, self.declared.hard_deleted)

    async def test_an_incremental_sync_reads_only_changes(self, rig: ConformanceRig) -> None:
        await check_incremental_sync_reads_only_changes(rig, *self.declared.changed)

    async def test_sync_from_bounds_a_full_sync_at_the_source(self, rig: ConformanceRig) -> None:
        await check_sync_from_bounds_a_full_sync(rig, self.declared.at_source)

    @pytest.mark.timeout(600)  # five full syncs through the connector and the ledger-store
    async def test_the_mirror_follows_sync_from_and_replace(
        self, rig: ConformanceRig, service_settings: Callable[..., ServiceSettings]
    ) -> None:
        from ledgerbus_ledger_store.testing import running_ledger  # test support of a service

        async with running_ledger(service_settings, service_name="ledger-store") as ledger:
            ledger.administration_id = rig.administration_id
            await check_the_mirror_follows_sync_from_and_replace(rig, ledger)

    async def test_an_incremental_stays_within_sync_from(self, rig: ConformanceRig) -> None:
        await check_an_incremental_stays_within_sync_from(rig)

    async def test_since_rereads_the_lines_from_that_date(self, rig: ConformanceRig) -> None:
        await check_since_rereads_from_that_date(rig, self.declared.at_source)

    async def test_refused_credentials_get_a_clear_error(self, connected: Connected) -> None:
        _, api = connected
        body, says = self.declared.refused
        answer = await api.post(
            "/v1/connections", json={**body, "tenant_id": "conformance"}, headers=OPERATOR
        )
        assert answer.status_code == 422, answer.text
        assert says in answer.json()["detail"][0]["msg"]
        assert all(str(secret) not in answer.text for secret in body.values())

    async def test_the_connection_is_listed(self, connected: Connected) -> None:
        rig, api = connected
        await check_connections_listed(api, rig)

    async def test_the_administrations_of_a_connection_are_listed(
        self, connected: Connected
    ) -> None:
        if self.declared.administrations is None:
            pytest.skip("the package declares no administrations to list")
        rig, api = connected
        path = f"/v1/connections/{rig.connection_id}/administrations"
        listed = await api.get(path, headers=OPERATOR)
        assert listed.status_code == 200, listed.text
        assert {a["code"] for a in listed.json()} == self.declared.administrations


async def check_connections_listed(api: httpx.AsyncClient, rig: ConformanceRig) -> None:
    """The operator's ``GET /v1/connections`` lists the rig's connection, one page at a
    time with ``limit=1`` and the tokens it gives out."""
    seen: list[str] = []
    token: str | None = None
    while True:
        params = {"limit": "1", **({"page_token": token} if token else {})}
        page = await api.get("/v1/connections", params=params, headers=OPERATOR)
        assert page.status_code == 200, page.text
        body = page.json()
        assert len(body["items"]) <= 1
        seen += [item["id"] for item in body["items"]]
        token = body["next_page_token"]
        if token is None:
            break
    assert rig.connection_id in seen
    assert seen == sorted(seen)
    bad = await api.get("/v1/connections", params={"page_token": "!"}, headers=OPERATOR)
    assert bad.status_code == 400
