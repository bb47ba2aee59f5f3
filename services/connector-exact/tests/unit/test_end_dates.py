"""Cost centres and units are active until the ``EndDate`` Exact gives them (no Active flag)."""

from __future__ import annotations

import datetime as dt

import pytest

from ledgerbus_connector_exact.exact.streams import CostCenters, CostUnits
from ledgerbus_servicekit import FakeClock

TODAY = dt.datetime(2026, 6, 15, 9, 0, tzinfo=dt.UTC)


def exact(day: dt.date) -> str:
    midnight = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
    return f"/Date({int(midnight.timestamp() * 1000)})/"


@pytest.mark.parametrize("stream", [CostCenters, CostUnits])
@pytest.mark.parametrize(
    ("end_date", "active"),
    [
        (None, True),
        (exact(dt.date(2026, 6, 16)), True),
        (exact(dt.date(2026, 6, 15)), False),
        (exact(dt.date(2025, 12, 31)), False),
    ],
)
def test_active_until_the_end_date(
    stream: type[CostCenters] | type[CostUnits], end_date: str | None, active: bool
) -> None:
    raw = {"ID": "c1", "Code": "KP01", "Description": "Kostenplaats", "EndDate": end_date}
    entity = stream(FakeClock(TODAY)).to_entity(raw, "a1")
    assert entity.active is active
    assert "EndDate" in stream.select and "Active" not in stream.select
