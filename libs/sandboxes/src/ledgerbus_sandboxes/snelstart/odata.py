"""SnelStart's ``$filter``: the OData v3 expressions its documentation shows, typed by the model.

SnelStart's OData is ASP.NET Web API OData v3 (its OpenAPI names
``System.Web.Http.OData.Query.ODataQueryOptions``); the documentation's examples are
``ModifiedOn gt datetime'2017-07-16T23:59:59.999'``, ``Id eq guid'…'``,
``substringof('Test', Naam) eq true`` and ``Relatiesoort/any(r:r eq 'Eigen')``.
Property names are the model's, UpperCamelCase and case-sensitive; ``Uri`` fields
cannot be filtered. A property is typed by the pinned OpenAPI model
(:mod:`ledgerbus_sandboxes.snelstart.facts`), and an expression comparing a
property with a literal of another type is refused, as a typed OData parser does.

Supported: ``eq ne gt ge lt le``, ``and or not``, parentheses, navigation
(``Grootboek/Id``), ``any``/``all`` over arrays, the functions ``substringof
startswith endswith tolower toupper trim length indexof year month day hour minute
second``, and literals ``'text'`` (``''`` escapes a quote), ``guid'…'``,
``datetime'…'``, ``datetimeoffset'…'``, numbers (``12``, ``12.5``, ``12.5M``),
``true``, ``false`` and ``null``. Anything else raises :class:`FilterError`.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from ledgerbus_sandboxes.snelstart.facts import resolve, schema

Env = dict[str, Any]
Evaluate = Callable[[dict[str, Any], Env], Any]

_TOKEN = re.compile(
    r"\s*(?:"
    r"(?P<typed>(?:guid|datetimeoffset|datetime)'[^']*')"
    r"|(?P<string>'(?:[^']|'')*')"
    r"|(?P<number>-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?[mMdDfFlL]?)"
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<punct>[()/,:])"
    r")"
)
_COMPARISONS = {"eq", "ne", "gt", "ge", "lt", "le"}
_STRING_FUNCTIONS: dict[str, tuple[tuple[str, ...], str, Callable[..., Any]]] = {
    "substringof": (("string", "string"), "bool", lambda a, b: a in b),
    "startswith": (("string", "string"), "bool", lambda a, b: a.startswith(b)),
    "endswith": (("string", "string"), "bool", lambda a, b: a.endswith(b)),
    "tolower": (("string",), "string", str.lower),
    "toupper": (("string",), "string", str.upper),
    "trim": (("string",), "string", str.strip),
    "length": (("string",), "number", lambda a: Decimal(len(a))),
    "indexof": (("string", "string"), "number", lambda a, b: Decimal(a.find(b))),
}
_DATE_PARTS = ("year", "month", "day", "hour", "minute", "second")


class FilterError(ValueError):
    """A ``$filter`` SnelStart refuses (ALG-0104, "Ongeldig OData filter")."""


@dataclass(frozen=True)
class Expr:
    """A typed expression: its kind and how to evaluate it on a record.

    ``since`` is set on a condition that holds only for records modified after a
    moment (``ModifiedOn gt datetime'…'``, alone or and-ed), so a reader can skip
    older records without evaluating them.
    """

    kind: str
    evaluate: Evaluate
    path: tuple[str, ...] | None = None
    since: dt.datetime | None = None
    value: Any = None


@dataclass(frozen=True)
class Filter:
    """A parsed ``$filter``: a predicate over rendered records."""

    expr: Expr

    def __call__(self, record: dict[str, Any]) -> bool:
        return bool(self.expr.evaluate(record, {}))

    @property
    def modified_after(self) -> dt.datetime | None:
        """A moment only records modified after can match (None: any record may)."""
        return self.expr.since


def parse_filter(text: str, model: str) -> Filter:
    """A predicate over records of ``model`` (a short model name of the pinned document)."""
    parser = _Parser(_tokens(text), model)
    expr = parser.expression()
    if parser.peek() is not None:
        raise FilterError(f"unexpected {parser.peek()!r}")
    if expr.kind != "bool":
        raise FilterError("a filter must be a condition")
    return Filter(expr)


def _tokens(text: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    position = 0
    text = text.rstrip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None or match.end() == position:
            raise FilterError(f"cannot read the filter at position {position}")
        kind = match.lastgroup or ""
        tokens.append((kind, match.group(kind)))
        position = match.end()
    return tokens


def kind_of(node: dict[str, Any]) -> str:
    """The filter kind of a schema node: guid, datetime, string, number, bool, array, object."""
    node = resolve(node)
    kind, fmt = node.get("type"), node.get("format")
    if kind == "string":
        return {"uuid": "guid", "date-time": "datetime"}.get(str(fmt), "string")
    if kind in ("integer", "number"):
        return "number"
    if kind == "boolean":
        return "bool"
    if kind == "array":
        return "array"
    return "object"


def _value(kind: str, raw: Any) -> Any:
    """A record's JSON value as the comparable Python value of its kind."""
    if raw is None:
        return None
    if kind == "guid":
        return str(raw).lower()
    if kind == "datetime":
        return _datetime(str(raw))
    if kind == "number":
        return Decimal(str(raw))
    return raw


def _datetime(text: str) -> dt.datetime:
    moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    return moment if moment.tzinfo is None else moment.astimezone(dt.UTC).replace(tzinfo=None)


def _literal(kind: str, text: str) -> Expr:
    value: Any
    if kind == "string":
        value, kind = text[1:-1].replace("''", "'"), "string"
    elif kind == "number":
        try:
            value = Decimal(text.rstrip("mMdDfFlL"))
        except InvalidOperation as exc:
            raise FilterError(f"not a number: {text}") from exc
    else:
        prefix, _, quoted = text.partition("'")
        body = quoted[:-1]
        try:
            if prefix == "guid":
                value, kind = str(uuid.UUID(body)), "guid"
            else:
                value, kind = _datetime(body), "datetime"
        except ValueError as exc:
            raise FilterError(f"not a {prefix}: {body!r}") from exc
    return Expr(kind, lambda _r, _e: value, value=value)


def _compare(op: str, left: Expr, right: Expr) -> Expr:
    kinds = {left.kind, right.kind} - {"null"}
    if len(kinds) > 1 or kinds & {"array", "object"}:
        raise FilterError(f"cannot compare {left.kind} with {right.kind}")
    if op not in ("eq", "ne") and kinds <= {"bool"}:
        raise FilterError(f"{op} needs ordered values")

    def evaluate(record: dict[str, Any], env: Env) -> bool:
        a, b = left.evaluate(record, env), right.evaluate(record, env)
        if a is None or b is None:
            return (a is b) if op == "eq" else (a is not b) if op == "ne" else False
        result: bool = {
            "eq": a == b,
            "ne": a != b,
            "gt": op == "gt" and a > b,
            "ge": op == "ge" and a >= b,
            "lt": op == "lt" and a < b,
            "le": op == "le" and a <= b,
        }[op]
        return result

    since = None
    if op in ("gt", "ge") and left.path == ("modifiedOn",) and right.kind == "datetime":
        since = right.value - dt.timedelta(microseconds=1) if op == "ge" else right.value
    return Expr("bool", evaluate, since=since)


class _Parser:
    """Recursive descent over the tokens: or > and > not > comparison > primary."""

    def __init__(self, tokens: list[tuple[str, str]], model: str) -> None:
        self.tokens, self.position = tokens, 0
        self.model = schema(model)
        self.variables: dict[str, dict[str, Any]] = {}

    def peek(self) -> str | None:
        return self.tokens[self.position][1] if self.position < len(self.tokens) else None

    def take(self, expected: str | None = None) -> tuple[str, str]:
        if self.position >= len(self.tokens):
            raise FilterError("the filter ends too soon")
        token = self.tokens[self.position]
        if expected is not None and token[1] != expected:
            raise FilterError(f"expected {expected!r}, found {token[1]!r}")
        self.position += 1
        return token

    def expression(self) -> Expr:
        left = self.conjunction()
        while self.peek() == "or":
            self.take()
            left = self._logical(left, self.conjunction(), any)
        return left

    def conjunction(self) -> Expr:
        left = self.negation()
        while self.peek() == "and":
            self.take()
            left = self._logical(left, self.negation(), all)
        return left

    @staticmethod
    def _logical(left: Expr, right: Expr, combine: Callable[[Any], bool]) -> Expr:
        if left.kind != "bool" or right.kind != "bool":
            raise FilterError("and/or join conditions")
        bounds = [x.since for x in (left, right) if x.since is not None]
        since = max(bounds) if combine is all and bounds else None
        if combine is any and len(bounds) == 2:
            since = min(bounds)
        return Expr(
            "bool", lambda r, e: combine(x.evaluate(r, e) for x in (left, right)), since=since
        )

    def negation(self) -> Expr:
        if self.peek() != "not":
            return self.comparison()
        self.take()
        inner = self.negation()
        if inner.kind != "bool":
            raise FilterError("not takes a condition")
        return Expr("bool", lambda r, e: not inner.evaluate(r, e))

    def comparison(self) -> Expr:
        left = self.primary()
        if self.peek() in _COMPARISONS:
            op = self.take()[1]
            return _compare(op, left, self.primary())
        return left

    def primary(self) -> Expr:
        kind, text = self.take()
        if text == "(" and kind == "punct":
            inner = self.expression()
            self.take(")")
            return inner
        if kind in ("string", "number", "typed"):
            return _literal(kind, text)
        if kind != "name":
            raise FilterError(f"unexpected {text!r}")
        if text in ("true", "false"):
            return Expr("bool", lambda _r, _e: text == "true")
        if text == "null":
            return Expr("null", lambda _r, _e: None)
        if self.peek() == "(":
            return self.function(text)
        return self.path(text)

    def function(self, name: str) -> Expr:
        self.take("(")
        args = [self.expression()]
        while self.peek() == ",":
            self.take()
            args.append(self.expression())
        self.take(")")
        if name in _DATE_PARTS and len(args) == 1 and args[0].kind == "datetime":
            part, arg = name, args[0]

            def date_part(record: dict[str, Any], env: Env) -> Decimal | None:
                moment = arg.evaluate(record, env)
                return None if moment is None else Decimal(getattr(moment, part))

            return Expr("number", date_part)
        signature = _STRING_FUNCTIONS.get(name)
        if signature is None or tuple(a.kind for a in args) != signature[0]:
            raise FilterError(f"unknown function or wrong arguments: {name}")
        _, result, apply = signature

        def call(record: dict[str, Any], env: Env) -> Any:
            values = [a.evaluate(record, env) for a in args]
            if any(v is None for v in values):
                return False if result == "bool" else None
            return apply(*values)

        return Expr(result, call)

    def path(self, first: str) -> Expr:
        if first in self.variables:
            node: dict[str, Any] = self.variables[first]
            steps: list[str] = []
            root = first
        else:
            key = self._key(self.model, first)
            node, steps, root = self.model["properties"][key], [key], ""
        while self.peek() == "/":
            self.take()
            name = self.take()[1]
            if kind_of(node) == "array" and name in ("any", "all"):
                return self.lambda_(root, steps, node, name)
            if kind_of(node) != "object":
                raise FilterError(f"{name} is not a property of a scalar")
            parent = resolve(node)
            steps.append(self._key(parent, name))
            node = parent["properties"][steps[-1]]
        kind = kind_of(node)
        return Expr(kind, _reader(root, steps, kind), None if root else tuple(steps))

    def lambda_(self, root: str, steps: list[str], node: dict[str, Any], quantifier: str) -> Expr:
        self.take("(")
        items = _reader(root, steps, "array")
        if self.peek() == ")" and quantifier == "any":
            self.take()
            return Expr("bool", lambda r, e: bool(items(r, e)))
        variable = self.take()[1]
        self.take(":")
        self.variables[variable] = node["items"]
        body = self.expression()
        del self.variables[variable]
        self.take(")")
        if body.kind != "bool":
            raise FilterError(f"{quantifier} takes a condition")
        combine = any if quantifier == "any" else all

        def quantify(record: dict[str, Any], env: Env) -> bool:
            return combine(
                body.evaluate(record, {**env, variable: item}) for item in items(record, env) or []
            )

        return Expr("bool", quantify)

    @staticmethod
    def _key(model: dict[str, Any], name: str) -> str:
        key = name[:1].lower() + name[1:]
        if not name[:1].isupper() or key not in model.get("properties", {}) or key == "uri":
            raise FilterError(f"unknown property: {name}")
        return key


def _reader(root: str, steps: list[str], kind: str) -> Evaluate:
    """Reads a path from the record (or from a lambda variable) as a value of ``kind``."""

    def read(record: dict[str, Any], env: Env) -> Any:
        value: Any = env[root] if root else record
        for step in steps:
            if not isinstance(value, dict):
                return None
            value = value.get(step)
        return value if kind in ("array", "object") else _value(kind, value)

    return read
