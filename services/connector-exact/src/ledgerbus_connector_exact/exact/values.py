"""Exact's value formats: ``/Date(ms)/`` dates, space-padded codes, amounts as Decimal."""

from __future__ import annotations

import datetime as dt
import functools
import re
from decimal import Decimal
from typing import Any

_DATE = re.compile(r"^/Date\((-?\d+)([+-]\d{4})?\)/$")


def parse_date_time(value: Any) -> dt.datetime | None:
    """``/Date(1700000000000)/`` as a UTC datetime; None for null."""
    if value is None or value == "":
        return None
    return _moment(str(value))


@functools.lru_cache(maxsize=4096)
def _moment(text: str) -> dt.datetime:
    # Cached: a page's lines share a few dates, and parsing them was a tenth of a full sync.
    match = _DATE.match(text)
    if match is None:
        raise ValueError(f"not an Exact date: {text!r}")
    return dt.datetime.fromtimestamp(int(match.group(1)) / 1000, dt.UTC)


def parse_date(value: Any) -> dt.date | None:
    """An Exact date as a calendar date."""
    moment = parse_date_time(value)
    return None if moment is None else moment.date()


def code(value: Any) -> str | None:
    """A code without Exact's space padding; None when empty."""
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def amount(value: Any) -> Decimal | None:
    """A JSON number as an exact Decimal (from its text, never through float arithmetic)."""
    if value is None or value == "":
        return None
    return Decimal(str(value))


def version_from_modified(raw: dict[str, Any]) -> int:
    """A source version for records without a rowversion: ``Modified`` in epoch microseconds."""
    modified = parse_date_time(raw.get("Modified"))
    if modified is None:
        return 0
    return int(modified.timestamp() * 1_000_000)
