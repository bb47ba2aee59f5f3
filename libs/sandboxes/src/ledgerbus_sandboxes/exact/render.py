"""Exact Online's value formats: ``/Date(ms)/`` dates, 18-character padded relation codes,
amounts as JSON numbers, journal type numbers (the entity sets are in :mod:`.entities`)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

JOURNAL_TYPES = {"cash": 10, "bank": 12, "sales": 20, "purchase": 22, "general": 90, "other": 0}


def exact_date(value: dt.date | dt.datetime | None) -> str | None:
    """``/Date(ms)/``; a date is midnight UTC."""
    if value is None:
        return None
    if not isinstance(value, dt.datetime):
        value = dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC)
    return f"/Date({int(value.timestamp() * 1000)})/"


def padded(code: str | None) -> str | None:
    """The 18-character, left-padded relation code (``crm/Accounts`` ``Code``)."""
    return None if code is None else code.rjust(18)


def number(value: Decimal | None) -> float | None:
    """Exact sends amounts as JSON numbers (the connector reads them back as Decimal)."""
    return None if value is None else float(value)
