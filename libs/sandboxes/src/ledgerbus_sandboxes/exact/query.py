"""OData query options on a collection: parse ``$filter $select $orderby $top $skip
$inlinecount $skiptoken``, then choose one page of rows.

Order: filter, then ``$orderby`` (the key breaks ties; without ``$orderby`` rows come
in key order), then ``$skip``/``$top``, then the page after ``$skiptoken`` (the key of
the previous page's last row), at most ``size`` rows. ``__count`` counts every row the
filter lets through, whatever ``$top`` and ``$skip`` say (OData v2 ``allpages``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import dropwhile, islice
from typing import Any

from ledgerbus_sandboxes.exact.errors import ODataError
from ledgerbus_sandboxes.exact.predicate import CompiledFilter, compile_filter

Row = dict[str, Any]
KNOWN = {"$filter", "$select", "$orderby", "$top", "$skip", "$inlinecount", "$skiptoken"}
_GUID = re.compile(r"^guid'([0-9a-fA-F-]{36})'$")


@dataclass(frozen=True)
class Query:
    """The query options of one request, checked against the entity set's properties."""

    filter: CompiledFilter | None = None
    select: tuple[str, ...] | None = None
    orderby: tuple[tuple[str, bool], ...] = ()
    top: int | None = None
    skip: int = 0
    count: bool = False
    skiptoken: str | None = None

    @property
    def plain(self) -> bool:
        """No filter, order or window: rows can be read straight from the key order."""
        return self.filter is None and not self.orderby and self.top is None and not self.skip


@dataclass(frozen=True)
class Page:
    """The rows of one page, whether more follow, and ``__count`` if asked for."""

    rows: list[Row]
    more: bool
    count: int | None


def parse_query(
    params: Mapping[str, str],
    name: str,
    types: Mapping[str, str],
    *,
    select_required: bool = False,
) -> Query:
    """The query of ``params`` for the entity set ``name`` with property ``types``."""
    unknown = sorted(k for k in params if k.startswith("$") and k not in KNOWN)
    if unknown:
        raise ODataError(400, f"The query option '{unknown[0]}' is not supported")
    text = params.get("$filter")
    return Query(
        filter=None if text is None else compile_filter(text, types, name),
        select=parse_select(params.get("$select"), name, types, required=select_required),
        orderby=_orderby(params.get("$orderby"), name, types),
        top=_count_option(params, "$top"),
        skip=_count_option(params, "$skip") or 0,
        count=_inlinecount(params.get("$inlinecount")),
        skiptoken=_skiptoken(params.get("$skiptoken")),
    )


def parse_select(
    text: str | None, name: str, types: Mapping[str, str], *, required: bool = False
) -> tuple[str, ...] | None:
    """``$select``'s properties (None: all); sync and bulk endpoints need it, without ``*``."""
    if text is None or not text.strip() or text.strip() == "*":
        if required:
            raise ODataError(400, "$select is mandatory on this endpoint and '*' is not supported")
        return None
    fields = tuple(f.strip() for f in text.split(",") if f.strip())
    for field in fields:
        if field not in types:
            raise ODataError(400, f"No property '{field}' exists in type '{name}' ($select)")
    return fields


def project(row: Row, fields: tuple[str, ...] | None) -> Row:
    """The selected properties of a row."""
    return row if fields is None else {f: row.get(f) for f in fields}


def choose_page(
    rows: Iterable[Row], query: Query, size: int, *, total: int | None = None, key: str = "ID"
) -> Page:
    """One page of ``rows`` (given in key order); ``total`` is their number where known."""
    matching: Iterable[Row] = rows
    if query.filter is not None:
        matching = filter(query.filter.predicate, matching)
        total = None
    if query.count and total is None:
        matching = list(matching)
        total = len(matching)
    if query.orderby:
        matching = _sorted(matching, query.orderby)
    window: Iterator[Row] = islice(
        matching, query.skip, None if query.top is None else query.skip + query.top
    )
    if query.skiptoken is not None:
        window = _after(window, query.skiptoken, key, ordered=bool(query.orderby))
    found = list(islice(window, size + 1))
    return Page(found[:size], len(found) > size, total if query.count else None)


def _after(rows: Iterator[Row], token: str, key: str, *, ordered: bool) -> Iterator[Row]:
    if not ordered:  # key order: whatever comes after the token's key
        return dropwhile(lambda r: str(r[key]).lower() <= token, rows)
    remaining = dropwhile(lambda r: str(r[key]).lower() != token, rows)
    next(remaining, None)
    return remaining


def _sorted(rows: Iterable[Row], orderby: tuple[tuple[str, bool], ...]) -> list[Row]:
    ordered = list(rows)
    for name, descending in reversed(orderby):
        ordered.sort(
            key=lambda r: (r.get(name) is not None, r.get(name) if r.get(name) is not None else 0),
            reverse=descending,
        )
    return ordered


def _orderby(text: str | None, name: str, types: Mapping[str, str]) -> tuple[tuple[str, bool], ...]:
    if text is None:
        return ()
    keys: list[tuple[str, bool]] = []
    for part in text.split(","):
        words = part.split()
        if not words or len(words) > 2 or (len(words) == 2 and words[1] not in ("asc", "desc")):
            raise ODataError(400, f"Bad Request - Error in query syntax: $orderby '{part.strip()}'")
        if words[0] not in types:
            raise ODataError(400, f"No property '{words[0]}' exists in type '{name}' ($orderby)")
        keys.append((words[0], len(words) == 2 and words[1] == "desc"))
    return tuple(keys)


def _count_option(params: Mapping[str, str], option: str) -> int | None:
    text = params.get(option)
    if text is None:
        return None
    if not text.strip().isdigit():
        raise ODataError(400, f"{option} must be a non-negative integer, not {text!r}")
    return int(text)


def _inlinecount(text: str | None) -> bool:
    if text is None or text == "none":
        return False
    if text == "allpages":
        return True
    raise ODataError(400, f"$inlinecount must be 'allpages' or 'none', not {text!r}")


def _skiptoken(text: str | None) -> str | None:
    if text is None:
        return None
    match = _GUID.match(text.strip())
    if match is None:
        raise ODataError(400, f"$skiptoken must be guid'…', not {text!r}")
    return match.group(1).lower()


def parse_key(text: str) -> str:
    """The key of ``Resource(guid'…')`` (or ``Resource(123)``), lower-cased."""
    match = _GUID.match(text.strip())
    if match is not None:
        return match.group(1).lower()
    if text.strip().isdigit():
        return text.strip()
    raise ODataError(400, f"Bad Request - Error in query syntax: the key ({text}) is not valid")
