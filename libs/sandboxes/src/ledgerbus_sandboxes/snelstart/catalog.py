"""What every SnelStart administration holds besides its own records: countries and VAT rates.

Rates are the Dutch ones (``btwSoort`` Hoog 21 % from 2012-10-01, before that 19 %;
Laag 9 % from 2019-01-01, before that 6 %; Geen 0 %), as ``/btwtarieven`` returns
its history: one row per period of a rate, the current one open-ended.
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

BTW_SOORTEN = ("Geen", "Laag", "Hoog", "Overig")
"""``btwSoort`` as SnelStart's models enumerate it."""

_BY_PERCENTAGE = {Decimal(0): "Geen", Decimal(9): "Laag", Decimal(21): "Hoog"}

TARIEF_HISTORY: tuple[tuple[str, Decimal, dt.date, dt.date | None], ...] = (
    ("Geen", Decimal(0), dt.date(2001, 1, 1), None),
    ("Laag", Decimal(6), dt.date(2001, 1, 1), dt.date(2018, 12, 31)),
    ("Laag", Decimal(9), dt.date(2019, 1, 1), None),
    ("Hoog", Decimal(19), dt.date(2001, 1, 1), dt.date(2012, 9, 30)),
    ("Hoog", Decimal(21), dt.date(2012, 10, 1), None),
)
"""(btwSoort, percentage, valid from, valid to and including) of the Dutch rates."""

LANDEN: tuple[tuple[str, str], ...] = (
    ("NL", "Nederland"),
    ("BE", "België"),
    ("DE", "Duitsland"),
    ("FR", "Frankrijk"),
    ("GB", "Verenigd Koninkrijk"),
    ("US", "Verenigde Staten"),
)
"""(ISO code, Dutch name) of the countries the sandbox lists."""

VAT_RATE_DEFINITIONS: tuple[tuple[str, str, str], ...] = (
    ("Hoog", "Hoog", "Btw hoog tarief"),
    ("Laag", "Laag", "Btw laag tarief"),
    ("Geen", "Geen", "Geen btw"),
)
"""(rateCode, shortName, name) of ``/vatratedefinitions``."""


def btw_soort(record: dict[str, Any]) -> str:
    """The ``btwSoort`` of a neutral VAT record: its code when it is one, else by rate."""
    if record.get("code") in BTW_SOORTEN:
        return str(record["code"])
    percentage = Decimal(str(record.get("percentage") or 0))
    if percentage < 1:
        percentage *= 100
    return _BY_PERCENTAGE.get(percentage.normalize(), "Overig")


def land_id(iso: str) -> str:
    """The stable id of a country."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"snelstart-sandbox/landen/{iso}"))


def midnight(value: dt.date | None) -> str | None:
    """A date as SnelStart writes a date-time without a time."""
    return None if value is None else f"{value.isoformat()}T00:00:00"


def landen() -> list[dict[str, Any]]:
    """``/v2/landen``: LandModel rows."""
    return [
        {
            "id": land_id(iso),
            "uri": f"/v2/landen/{land_id(iso)}",
            "naam": name,
            "landcodeISO": iso,
            "landcode": iso,
        }
        for iso, name in LANDEN
    ]


def btwtarieven(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``/v2/btwtarieven``: BtwTariefModel rows, the history of every rate in use.

    The open-ended row of a ``btwSoort`` carries the administration's own percentage
    (its VAT records); the closed rows before it are the Dutch history.
    """
    current: dict[str, Decimal] = {}
    for record in records:
        percentage = Decimal(str(record.get("percentage") or 0))
        current.setdefault(btw_soort(record), percentage * 100 if percentage < 1 else percentage)
    rows: list[tuple[str, Decimal, dt.date, dt.date | None]] = [
        (soort, percentage, start, end)
        for soort, percentage, start, end in TARIEF_HISTORY
        if end is not None and soort in current
    ]
    opened = {soort: start for soort, _, start, end in TARIEF_HISTORY if end is None}
    rows += [
        (soort, percentage, opened.get(soort, dt.date(2001, 1, 1)), None)
        for soort, percentage in current.items()
    ]
    return [
        {
            "btwSoort": soort,
            "btwPercentage": float(percentage),
            "datumVanaf": midnight(start),
            "datumTotEnMet": midnight(end),
        }
        for soort, percentage, start, end in sorted(rows, key=lambda row: (row[0], row[2]))
    ]


def vatrates() -> list[dict[str, Any]]:
    """``/v2/vatrates``: VatRatesModel per country (the Netherlands)."""
    return [
        {
            "countryCode": "NLD",
            "vatRates": [
                {"rateCode": soort, "rate": float(percentage), "validFrom": midnight(start)}
                for soort, percentage, start, _ in TARIEF_HISTORY
            ],
        }
    ]


def vatratedefinitions() -> list[dict[str, Any]]:
    """``/v2/vatratedefinitions``: VatRateDefinitionModel rows."""
    return [
        {"rateCode": code, "shortName": short, "name": name}
        for code, short, name in VAT_RATE_DEFINITIONS
    ]
