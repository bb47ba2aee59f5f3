"""SnelStart wire records map to the contract: every stream reads the sandbox in process
(real HTTP handling, the published resources) through the connector's own client, and
what comes out is the sandbox's truth, references resolved to the synced codes."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from decimal import Decimal
from typing import Any

import httpx
import pytest
from pydantic import SecretStr

from ledgerbus_connector_snelstart.snelstart import errors
from ledgerbus_connector_snelstart.snelstart.auth import SnelStartAuthenticator
from ledgerbus_connector_snelstart.snelstart.base import modified_version
from ledgerbus_connector_snelstart.snelstart.periods import Boekjaren, periods
from ledgerbus_connector_snelstart.snelstart.references import ReferenceCodes, SnelStartClient
from ledgerbus_connector_snelstart.snelstart.streams import (
    BtwTarieven,
    Dagboeken,
    Grootboeken,
    Grootboekmutaties,
    Kostenplaatsen,
    Relaties,
)
from ledgerbus_connectorkit import Stream, StreamContext
from ledgerbus_contracts import EntityType, SyncMode
from ledgerbus_sandboxes.common import AdministrationData, DataSizes
from ledgerbus_sandboxes.snelstart import SnelStartSandboxConfig, create_app
from ledgerbus_servicekit import FakeClock

T = EntityType
KEY = "00000000-0000-4000-8000-000000000001"
NOW = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)


class Session:
    """The sandbox in process and a connector client of its first administration."""

    def __init__(self, http: httpx.AsyncClient, admin: AdministrationData) -> None:
        self.clock = FakeClock(NOW)
        self.references = ReferenceCodes()
        self.admin = admin
        self.http = http
        self.client = SnelStartClient(
            codes=self.references.open("adm"),
            http=http,
            authenticator=SnelStartAuthenticator(
                http,
                "",
                SecretStr("demo-clientkey-1"),
                SecretStr("demo-subscription-key"),
                self.clock,
            ),
            error_handler=errors.resolver(self.clock),
            clock=self.clock,
        )

    async def read(self, stream: Stream) -> dict[str, Any]:
        """Every entity of a stream (a full read), by source id."""
        page = stream.first_page(StreamContext("adm", KEY, SyncMode.FULL, None))
        entities: dict[str, Any] = {}
        while page is not None:
            payload = await self.client.get_json(page.url, page.params)
            for raw in stream.records(payload):
                entity = stream.to_entity(raw, "adm")
                entities[entity.source_id] = entity
            page = stream.next_page(payload, page)
        return entities


@pytest.fixture(scope="module")
async def session() -> AsyncIterator[Session]:
    sizes = DataSizes(gl_accounts=12, contacts=9, projects=0, cost_units=0, transaction_lines=1_200)
    app = create_app(SnelStartSandboxConfig(sizes=sizes))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://snelstart") as http:
        yield Session(http, app.state.sandbox.data.get(KEY))


async def test_gl_accounts(session: Session) -> None:
    mapped = await session.read(Grootboeken(session.clock))
    assert len(mapped) == len(session.admin.of(T.GL_ACCOUNT))
    for record in session.admin.of(T.GL_ACCOUNT):
        entity = mapped[record["id"]]
        assert (entity.code, entity.name) == (str(int(record["code"])), record["name"])
        assert (entity.account_type, entity.blocked) == (record["account_type"], record["blocked"])
        assert entity.source_version == int(record["modified"].timestamp() * 1_000_000)


async def test_relations_keep_both_roles_and_their_numbers(session: Session) -> None:
    mapped = await session.read(Relaties(session.clock))
    for record in session.admin.of(T.CONTACT):
        entity = mapped[record["id"]]
        assert entity.code == str(int(record["code"]))
        assert (entity.is_customer, entity.is_supplier) == (
            record["is_customer"],
            record["is_supplier"],
        )
        assert (entity.vat_number, entity.email) == (record["vat_number"], record["email"])


async def test_vat_codes_are_todays_rate_of_each_btw_soort(session: Session) -> None:
    rates = {e.code: e for e in (await session.read(BtwTarieven(session.clock))).values()}
    assert {code: e.percentage for code, e in rates.items()} == {
        "Geen": Decimal(0),
        "Laag": Decimal(9),
        "Hoog": Decimal(21),
    }
    assert str(rates["Hoog"].percentage) == "21"
    assert rates["Hoog"].source_id == "Hoog"
    session.clock.set(dt.datetime(2015, 6, 1, tzinfo=dt.UTC))
    try:
        old = {
            e.code: e.percentage for e in (await session.read(BtwTarieven(session.clock))).values()
        }
    finally:
        session.clock.set(NOW)
    assert old["Laag"] == Decimal(6) and old["Hoog"] == Decimal(21)


async def test_daybooks_and_cost_centres_are_versioned_by_the_moment_of_reading(
    session: Session,
) -> None:
    kinds = {e.code: e for e in (await session.read(Dagboeken(session.clock))).values()}
    assert {code: e.daybook_type for code, e in kinds.items()} == {
        "10": "cash",
        "11": "bank",
        "12": "sales",
        "13": "purchase",
        "14": "general",
    }
    assert {e.source_version for e in kinds.values()} == {int(NOW.timestamp() * 1_000_000)}
    centres = await session.read(Kostenplaatsen(session.clock))
    assert sorted(e.code for e in centres.values()) == [str(n) for n in range(1, 7)]


async def test_lines_are_debit_minus_credit_and_point_at_the_synced_codes(
    session: Session,
) -> None:
    lines = await session.read(Grootboekmutaties(session.references, session.clock))
    daybooks = {e.code for e in (await session.read(Dagboeken(session.clock))).values()}
    contacts = {e.code for e in (await session.read(Relaties(session.clock))).values()}
    accounts = {e.code for e in (await session.read(Grootboeken(session.clock))).values()}
    records = session.admin.of(T.TRANSACTION_LINE)
    assert len(lines) == len(records)
    for record in records:
        line = lines[record["id"]]
        assert line.amount == record["amount"] and isinstance(line.amount, Decimal)
        assert (line.date, line.entry_number) == (record["date"], record["entry_number"])
        assert line.daybook_code in daybooks and line.gl_account_code in accounts
        assert line.gl_account_code == str(int(record["gl_account_code"]))
        assert line.contact_code is None or line.contact_code in contacts
        assert line.contact_code == (
            None if record["contact_code"] is None else str(int(record["contact_code"]))
        )
    entries: dict[str, Decimal] = {}
    for line in lines.values():
        entries[line.entry_id] = entries.get(line.entry_id, Decimal(0)) + line.amount
    assert set(entries.values()) == {Decimal(0)}


def test_modified_on_is_utc_microseconds() -> None:
    assert modified_version({"modifiedOn": "2026-01-01T00:00:01.500"}) == 1_767_225_601_500_000
    assert (
        modified_version({"modifiedOn": "2026-01-01T01:00:01.500+01:00"}) == 1_767_225_601_500_000
    )
    assert modified_version({}) == 0


async def test_fiscal_periods_are_the_current_year_and_each_earlier_year_with_lines(
    session: Session,
) -> None:
    mapped = await session.read(Boekjaren(session.clock))
    expected = {
        f"{r['fiscal_year']}-{r['period']:02d}": (r["start_date"], r["end_date"])
        for r in session.admin.of(T.FISCAL_PERIOD)
    }
    assert {k: (e.start_date, e.end_date) for k, e in mapped.items()} == expected
    years = {int(r["date"].year) for r in session.admin.of(T.TRANSACTION_LINE)}
    assert {e.fiscal_year for e in mapped.values()} == years


def test_a_fiscal_year_may_start_mid_year() -> None:
    july = periods(2025, 7)
    assert (july[0]["startDate"], july[0]["endDate"]) == ("2025-07-01", "2025-07-31")
    assert (july[6]["startDate"], july[11]["endDate"]) == ("2026-01-01", "2026-06-30")
    assert [p["periode"] for p in july] == list(range(1, 13))
