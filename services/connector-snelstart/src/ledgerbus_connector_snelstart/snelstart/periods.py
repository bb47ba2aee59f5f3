"""Fiscal periods: SnelStart publishes no list of boekjaren, so they are derived.

``GET /v2/companyInfo`` gives the current fiscal year (``huidigBoekjaar``) and the
month it starts in (``beginmaandFiscaleBoekjaar``); earlier years are those the
journal lines show: the stream asks ``/v2/grootboekmutaties`` for one line dated in
the year before, and the year before that, until a year has none (or
``EARLIEST_YEAR`` is reached). A fiscal year has twelve monthly periods; year ``Y`` starts on
the first of its start month in ``Y`` (UNCONFIRMED: SnelStart's OpenAPI has a
BoekjaarModel of start and end dates only inside VAT returns, and no source says how
a year starting mid-year is named or whether periods are months).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from ledgerbus_connector_snelstart.snelstart.base import SnelStartStream, date_of
from ledgerbus_connectorkit import PageRequest, StreamContext
from ledgerbus_contracts import EntityType
from ledgerbus_contracts.entities import EntityBase, FiscalPeriod

EARLIEST_YEAR = 1990


def month_start(year: int, month: int) -> dt.date:
    """The first day of a month counted from January of ``year`` (month 13 is January after)."""
    return dt.date(year + (month - 1) // 12, (month - 1) % 12 + 1, 1)


def fiscal_year(day: dt.date, first_month: int) -> int:
    """The fiscal year a date falls in."""
    return day.year if day.month >= first_month else day.year - 1


def periods(year: int, first_month: int) -> list[dict[str, Any]]:
    """The twelve periods of a fiscal year, as the records the stream maps."""
    return [
        {
            "id": f"{year}-{period:02d}",
            "boekjaar": year,
            "periode": period,
            "beginmaandFiscaleBoekjaar": first_month,
            "startDate": month_start(year, first_month + period - 1).isoformat(),
            "endDate": (month_start(year, first_month + period) - dt.timedelta(days=1)).isoformat(),
        }
        for period in range(1, 13)
    ]


class Boekjaren(SnelStartStream):
    """Fiscal periods of the current fiscal year and of each earlier year with lines."""

    entity_type: ClassVar[EntityType] = EntityType.FISCAL_PERIOD
    entity_model: ClassVar[type[EntityBase]] = FiscalPeriod
    path: ClassVar[str] = "companyInfo"
    odata: ClassVar[bool] = False
    first_month: int = 1

    def first_page(self, context: StreamContext) -> PageRequest:
        return PageRequest("/v2/companyInfo")

    def records(self, payload: Any) -> list[dict[str, Any]]:
        if isinstance(payload, dict):
            self.first_month = int(payload.get("beginmaandFiscaleBoekjaar") or 1)
            year = payload.get("huidigBoekjaar")
            return periods(int(year), self.first_month) if year else []
        if payload:
            return periods(
                fiscal_year(date_of(payload[0]["datum"]), self.first_month), self.first_month
            )
        return []

    def next_page(self, payload: Any, current: PageRequest) -> PageRequest | None:
        if isinstance(payload, dict):
            year = payload.get("huidigBoekjaar")
            return self.probe(int(year) - 1) if year else None
        if not payload:
            return None
        found = fiscal_year(date_of(payload[0]["datum"]), self.first_month)
        return self.probe(found - 1) if found > EARLIEST_YEAR else None

    def probe(self, year: int) -> PageRequest:
        """One line dated in ``year``, if there is one."""
        start = month_start(year, self.first_month)
        end = month_start(year + 1, self.first_month)
        return PageRequest(
            "/v2/grootboekmutaties",
            {
                "$top": "1",
                "$filter": (
                    f"Datum ge datetime'{start.isoformat()}T00:00:00' and "
                    f"Datum lt datetime'{end.isoformat()}T00:00:00'"
                ),
            },
        )

    def cursor_of(self, raw: dict[str, Any]) -> str | None:
        return None

    def fields(self, raw: dict[str, Any], administration_id: str) -> dict[str, Any]:
        return {
            "fiscal_year": int(raw["boekjaar"]),
            "period": int(raw["periode"]),
            "start_date": dt.date.fromisoformat(str(raw["startDate"])),
            "end_date": dt.date.fromisoformat(str(raw["endDate"])),
        }
