"""The query options of a ``/v2`` list: ``$page``/``$pagesize`` paging, ``$filter``, ``$orderby``.

Every list answers ``{"Meta": {CurrentPage, PageSize, TotalNumberOfPages,
TotalNumberOfResults, ServerTimeUtc}, "Data": [...]}`` (the swagger's ``PaginatedResponse*``
and ``PaginationMetadata`` models). ``$pagesize`` is 1..1000 (default 50) and ``$page`` counts
from 1 (the API reference's paging notes). The list endpoints take OData query options (the
swagger's ``ODataQueryOptions[*]`` definitions are ASP.NET Web API OData v4's), so ``$filter``
is OData v4: ``Prop op literal`` with ``eq ne gt ge lt le``, ``and``, ``or``, ``not``,
parentheses, ``'text'`` (``''`` escapes a quote), numbers, ``true``/``false``/``null``, and
bare ISO 8601 date-times (``ModifiedUtc gt 2026-01-01T00:00:00Z``, v4's form; a naive one is
UTC). UNCONFIRMED: property names are case-sensitive; a property the model lacks, a literal of
another type than the property's (the pinned model's), a function call, v3's ``datetime'…'``
or a malformed filter answer 400; ``$orderby`` takes ``Prop [asc|desc]``
lists; other ``$`` options (``$select``, ``$expand``, ``$top``, ``$skip``, ``$count``) are not
played and answer 400; a page past the last answers an empty ``Data``; ``TotalNumberOfPages``
is 0 for no results; without ``$orderby`` rows come in the sandbox's stable order.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from ledgerbus_sandboxes.eaccounting.errors import ApiError

Row = dict[str, Any]
Predicate = Callable[[Row], bool]
Fields = Mapping[str, str]
"""A model's properties by kind (:func:`ledgerbus_sandboxes.eaccounting.facts.properties`)."""
MAX_DEPTH = 32
"""How deep ``not`` and parentheses may nest in a ``$filter`` (UNCONFIRMED)."""
PLAYED = frozenset({"$page", "$pagesize", "$filter", "$orderby"})
_TOKEN = re.compile(
    r"\s*(?:(?P<str>'(?:[^']|'')*')|(?P<dt>\d{4}-\d{2}-\d{2}(?:T[0-9:.]+(?:Z|[+-]\d{2}:\d{2})?)?)"
    r"|(?P<guid>[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})"
    r"|(?P<num>-?\d+(?:\.\d+)?)|(?P<name>[A-Za-z_][A-Za-z0-9_]*)|(?P<punct>[(),]))"
)
_OPS = {"eq", "ne", "gt", "ge", "lt", "le"}


@dataclass(frozen=True)
class Query:
    """The parsed options of one list request."""

    page: int
    size: int
    predicate: Predicate | None
    order: tuple[tuple[str, bool], ...]


def parse_query(
    params: Mapping[str, str], fields: Fields, default_size: int, max_size: int
) -> Query:
    """The options of a request over a model with ``fields``; ApiError(400) names a bad one."""
    unknown = sorted(k for k in params if k.startswith("$") and k not in PLAYED)
    if unknown:
        raise ApiError(400, f"The query option {unknown[0]} is not supported")
    page = _whole(params.get("$page"), "$page", 1)
    size = _whole(params.get("$pagesize"), "$pagesize", default_size)
    if page < 1:
        raise ApiError(400, "$page counts from 1")
    if not 1 <= size <= max_size:
        raise ApiError(400, f"$pagesize must be between 1 and {max_size}")
    text = params.get("$filter")
    predicate = _Parser(text, fields).parse() if text else None
    return Query(page, size, predicate, _order(params.get("$orderby"), fields))


def paginate(
    rows: list[Row], query: Query, now: dt.datetime, total: int | None = None
) -> dict[str, Any]:
    """The page of ``rows`` (already filtered and ordered) the query asks for; with
    ``total``, ``rows`` is that page already, out of ``total`` rows."""
    if total is None:
        total = len(rows)
        start = (query.page - 1) * query.size
        rows = rows[start : start + query.size]
    return {
        "Meta": {
            "CurrentPage": query.page,
            "PageSize": query.size,
            "TotalNumberOfPages": math.ceil(total / query.size),
            "TotalNumberOfResults": total,
            "ServerTimeUtc": utc(now),
        },
        "Data": rows,
    }


def select(rows: list[Row], query: Query) -> list[Row]:
    """The rows that pass the filter, in the asked order."""
    out = [r for r in rows if query.predicate(r)] if query.predicate else list(rows)
    for name, descending in reversed(query.order):
        out.sort(key=lambda r: _sort_key(r.get(name)), reverse=descending)
    return out


def utc(moment: dt.datetime) -> str:
    """A moment as the sandbox writes it: UTC, milliseconds, ``Z``."""
    return moment.astimezone(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _whole(value: str | None, name: str, default: int) -> int:
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        raise ApiError(400, f"{name} must be a whole number") from None


def _order(text: str | None, fields: Fields) -> tuple[tuple[str, bool], ...]:
    if not text:
        return ()
    order = []
    for part in text.split(","):
        words = part.split()
        if not words or len(words) > 2 or fields.get(words[0], "object") in ("object", "array"):
            raise ApiError(400, f"$orderby: cannot order by {part.strip()!r}")
        direction = words[1].lower() if len(words) == 2 else "asc"
        if direction not in ("asc", "desc"):
            raise ApiError(400, f"$orderby: {words[1]!r} is neither asc nor desc")
        order.append((words[0], direction == "desc"))
    return tuple(order)


def _sort_key(value: Any) -> tuple[int, Any]:
    comparable = _comparable(value)
    return (0, "") if comparable is None else (1, comparable)


def _comparable(value: Any) -> Any:
    """A rendered value as it compares: date-time strings as moments, numbers as Decimals."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int | float):
        return Decimal(str(value))
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}(T.*)?", value):
        try:
            moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return value
        return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    return value


class _Parser:
    """Recursive descent over a v4 ``$filter``: ``or`` < ``and`` < ``not`` < comparison."""

    def __init__(self, text: str, fields: Fields) -> None:
        self.text, self.fields = text, fields
        self.depth = 0
        self.tokens: list[tuple[str, str]] = []
        position = 0
        while position < len(text):
            match = _TOKEN.match(text, position)
            if match is None or match.end() == position:
                if text[position:].strip():
                    raise self.error(f"unexpected {text[position : position + 12]!r}")
                break
            kind = match.lastgroup or ""
            self.tokens.append((kind, match.group(kind)))
            position = match.end()
        self.at = 0

    def error(self, why: str) -> ApiError:
        return ApiError(400, f"The $filter {self.text!r} is invalid: {why}")

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        token = self.peek()
        if token is None:
            raise self.error("it ends too soon")
        self.at += 1
        return token

    def parse(self) -> Predicate:
        predicate = self.disjunction()
        rest = self.peek()
        if rest is not None:
            raise self.error(f"unexpected {rest[1]!r}")
        return predicate

    def disjunction(self) -> Predicate:
        left = self.conjunction()
        while self.peek() == ("name", "or"):
            self.take()
            left = _either(left, self.conjunction())
        return left

    def conjunction(self) -> Predicate:
        left = self.negation()
        while self.peek() == ("name", "and"):
            self.take()
            left = _both(left, self.negation())
        return left

    def negation(self) -> Predicate:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.error(f"it nests deeper than {MAX_DEPTH}")
        try:
            return self.operand()
        finally:
            self.depth -= 1

    def operand(self) -> Predicate:
        if self.peek() == ("name", "not"):
            self.take()
            inner = self.negation()
            return lambda r: not inner(r)
        if self.peek() == ("punct", "("):
            self.take()
            inner = self.disjunction()
            if self.take() != ("punct", ")"):
                raise self.error("a parenthesis is not closed")
            return inner
        return self.comparison()

    def comparison(self) -> Predicate:
        kind, name = self.take()
        if kind != "name" or name in _OPS:
            raise self.error(f"{name!r} is no property")
        if self.peek() == ("punct", "("):
            raise self.error(f"the function {name}() is not supported")
        if name not in self.fields:
            raise self.error(f"the model has no property {name!r}")
        kind, op = self.take()
        if kind != "name" or op not in _OPS:
            raise self.error(f"{op!r} is no comparison operator")
        literal_kind, literal = self.literal()
        wanted = self.fields[name]
        if literal_kind != "null" and literal_kind != wanted:
            raise self.error(f"{name} holds a {wanted}, not a {literal_kind}")
        if literal_kind == "null" and op not in ("eq", "ne"):
            raise self.error(f"null compares with eq and ne only, not {op}")
        return lambda r: _compare(_comparable(r.get(name)), op, literal)

    def literal(self) -> tuple[str, Any]:
        """(the kind of value, the value) of the next literal."""
        kind, text = self.take()
        if kind == "str":
            return "string", text[1:-1].replace("''", "'")
        if kind == "num":
            try:
                return "number", Decimal(text)
            except InvalidOperation:
                raise self.error(f"{text!r} is no number") from None
        if kind == "dt":
            value = _comparable(text)
            if isinstance(value, str):
                raise self.error(f"{text!r} is no date-time")
            return "date-time", value
        if kind == "guid":
            return "uuid", text.lower()
        if kind == "name" and text in ("true", "false"):
            return "boolean", text == "true"
        if kind == "name" and text == "null":
            return "null", None
        following = self.peek()
        if kind == "name" and following is not None and following[0] == "str":
            raise self.error(f"the literal form {text}'…' is OData v3's; write v4 literals")
        raise self.error(f"{text!r} is no literal")


def _either(a: Predicate, b: Predicate) -> Predicate:
    return lambda r: a(r) or b(r)


def _both(a: Predicate, b: Predicate) -> Predicate:
    return lambda r: a(r) and b(r)


def _compare(value: Any, op: str, literal: Any) -> bool:
    if isinstance(value, str) and isinstance(literal, str):
        value, literal = value.lower() if _is_guid(value) else value, literal
    if op == "eq":
        return bool(value == literal)
    if op == "ne":
        return bool(value != literal)
    if value is None or literal is None:
        return False
    try:
        return bool(
            {
                "gt": value > literal,
                "ge": value >= literal,
                "lt": value < literal,
                "le": value <= literal,
            }[op]
        )
    except TypeError:
        return False


def _is_guid(value: str) -> bool:
    return bool(re.fullmatch(r"[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}", value))
