"""Strict input types every API shares: ids, dates, datetimes, local times.

- An **id** (administration, tenant, connection) is 1-100 characters: letters, digits,
  ``_``, ``-`` and ``.``, not starting with ``.`` (so it is one URL path segment). A
  **sync id** may also hold ``:`` and be 200 long.
- A **date** is ``YYYY-MM-DD`` (a number is refused, never read as a Unix time), from
  0001-01-02 to 9999-12-30: one day inside Python's and PostgreSQL's range, so a zone
  shift or the next day never leaves it.
- A **datetime** is ISO 8601 (``YYYY-MM-DD`` first); converted to UTC it must lie in
  the same range, so ``9999-12-31T23:59:59-14:00`` is refused.
- A **local time** is ``HH:MM[:SS[.ffffff]]`` without a zone: it is read in the
  administration's timezone, so a zone (``Z``, ``+05:00``) is refused, never dropped.
- Booleans and integers in bodies are JSON booleans and integers (``0`` is not false).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

from fastapi import Path, Query
from pydantic import AfterValidator, BeforeValidator, Field, StrictBool, StrictInt

ID_MAX_LENGTH = 100
ID_PATTERN = r"^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,99}$"
ID_RULE = "1-100 letters, digits, '_', '-' or '.' (not first)"
SYNC_ID_PATTERN = r"^[A-Za-z0-9_-][A-Za-z0-9_.:-]{0,199}$"
SYNC_ID_RULE = "1-200 letters, digits, '_', '-', '.' or ':' ('.' and ':' not first)"

DATE_MIN = dt.date(1, 1, 2)
DATE_MAX = dt.date(9999, 12, 30)
DATETIME_MIN = dt.datetime.combine(DATE_MIN, dt.time.min, dt.UTC)
DATETIME_MAX = dt.datetime.combine(DATE_MAX, dt.time.max, dt.UTC)

_DATE_TEXT = re.compile(r"\d{4}-\d{2}-\d{2}")
_TIME_TEXT = re.compile(r"\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?")
_ZONED_TIME_TEXT = re.compile(r"\d{2}:\d{2}(:\d{2}(\.\d+)?)?\s*(Z|z|[+-]\d{2}(:?\d{2})?)")

Identifier = Annotated[
    str, Field(min_length=1, max_length=ID_MAX_LENGTH, pattern=ID_PATTERN, description=ID_RULE)
]
"""An id in a body: see the module's docstring."""
IdPath = Annotated[str, Path(pattern=ID_PATTERN, max_length=ID_MAX_LENGTH, description=ID_RULE)]
"""An id as a path parameter."""
IdQuery = Annotated[
    str | None, Query(pattern=ID_PATTERN, max_length=ID_MAX_LENGTH, description=ID_RULE)
]
"""An optional id as a query parameter."""
SyncIdPath = Annotated[str, Path(pattern=SYNC_ID_PATTERN, max_length=200, description=SYNC_ID_RULE)]
"""A sync id as a path parameter."""


def _date_text(value: object) -> object:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and _DATE_TEXT.fullmatch(value):
        return value
    raise ValueError("a date is a string YYYY-MM-DD")


def _date_in_range(value: dt.date) -> dt.date:
    if not DATE_MIN <= value <= DATE_MAX:
        raise ValueError(f"a date lies from {DATE_MIN} to {DATE_MAX}")
    return value


def _datetime_text(value: object) -> object:
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and _DATE_TEXT.match(value):
        return value
    raise ValueError("a datetime is an ISO 8601 string, YYYY-MM-DDTHH:MM:SS[+HH:MM]")


def _datetime_in_range(value: dt.datetime) -> dt.datetime:
    try:
        utc = value.astimezone(dt.UTC) if value.tzinfo else value.replace(tzinfo=dt.UTC)
    except OverflowError:
        utc = None
    if utc is None or not DATETIME_MIN <= utc <= DATETIME_MAX:
        raise ValueError(
            f"a datetime lies from {DATETIME_MIN.isoformat()} to {DATETIME_MAX.isoformat()}"
            " once converted to UTC"
        )
    return value


def _local_time_text(value: object) -> object:
    if isinstance(value, dt.time):
        if value.tzinfo is not None:
            raise ValueError(_ZONE_REFUSED)
        return value
    if isinstance(value, str):
        if _TIME_TEXT.fullmatch(value):
            return value
        if _ZONED_TIME_TEXT.fullmatch(value):
            raise ValueError(_ZONE_REFUSED)
    raise ValueError("a time is a string HH:MM[:SS]")


_ZONE_REFUSED = (
    "a time here is local to the administration's timezone and takes no zone:"
    " send '04:00:00', not '04:00:00Z' or '04:00:00+01:00'"
)

SafeDate = Annotated[
    dt.date,
    BeforeValidator(_date_text),
    AfterValidator(_date_in_range),
    Field(description=f"YYYY-MM-DD, from {DATE_MIN} to {DATE_MAX}"),
]
"""A date: see the module's docstring."""
SafeDatetime = Annotated[
    dt.datetime,
    BeforeValidator(_datetime_text),
    AfterValidator(_datetime_in_range),
    Field(description=f"ISO 8601; in UTC from {DATE_MIN} to {DATE_MAX} (inclusive)"),
]
"""A datetime: see the module's docstring."""
LocalTime = Annotated[
    dt.time,
    BeforeValidator(_local_time_text),
    Field(
        description="HH:MM[:SS], local to the administration's timezone; no zone",
        json_schema_extra={"pattern": "^" + _TIME_TEXT.pattern + "$"},
    ),
]
"""A time of day without a zone: see the module's docstring."""

__all__ = [
    "ID_MAX_LENGTH",
    "ID_PATTERN",
    "ID_RULE",
    "SYNC_ID_PATTERN",
    "IdPath",
    "IdQuery",
    "Identifier",
    "LocalTime",
    "SafeDate",
    "SafeDatetime",
    "StrictBool",
    "StrictInt",
    "SyncIdPath",
]
