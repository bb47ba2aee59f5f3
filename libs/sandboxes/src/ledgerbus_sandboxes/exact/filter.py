"""Exact's ``$filter`` dialect (OData v2): a tokenizer, a recursive-descent parser and a
compiler to a row predicate, typed against the entity set's properties.

Supported: ``eq ne gt ge lt le``, ``and or not``, parentheses; literals ``'text'``
(``''`` escapes a quote), integers (``5``, ``5L``), decimals (``1.5``, ``1.5M``,
``1.5d``), ``guid'…'``, ``datetime'…'``, ``true``/``false``, ``null``; functions
``substringof('x', F)``, ``startswith(F, 'x')``, ``endswith``, ``tolower``,
``toupper``, ``trim``, ``length``, ``year``, ``month``, ``day``. Precedence follows
WCF Data Services (which Exact runs on): ``or`` < ``and`` < comparison < ``not``.

Compiling checks what Exact refuses before any row is read: an unknown property,
operands of incompatible types, a comparison of two properties (Exact supports
none), a filter that is not a boolean. Every refusal is an :class:`ODataError` 400.
No published library parses this dialect (``odata-query`` on PyPI speaks OData v4:
no ``guid'…'``, ``datetime'…'``, ``5L`` or ``substringof``), hence this module.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from ledgerbus_sandboxes.exact.errors import ODataError

Row = Mapping[str, Any]
Getter = Callable[[Row], Any]

SYNTAX = "Bad Request - Error in query syntax"
COMPARISONS = ("eq", "ne", "gt", "ge", "lt", "le")
_KEYWORDS = {"and", "or", "not", *COMPARISONS, "true", "false", "null"}
_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<typed>(?:guid|datetime|datetimeoffset)'[^']*')
  | (?P<string>'(?:[^']|'')*')
  | (?P<number>-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?[LlMmDdFf]?)
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<punct>[(),])
    """,
    re.VERBOSE,
)
EXACT_DATE = re.compile(r"^/Date\((-?\d+)(?:[+-]\d{4})?\)/$")
_DATETIME_FORMATS = ("%Y-%m-%dT%H:%M:%S.%f", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d")


@dataclass(frozen=True)
class Token:
    """A lexical token and where it starts."""

    kind: str
    text: str
    position: int


@dataclass(frozen=True)
class Literal:
    """A literal value with its OData type."""

    value: Any
    edm: str  # string guid datetime int double bool null
    position: int


@dataclass(frozen=True)
class Property:
    """A property named in the filter."""

    name: str
    position: int


@dataclass(frozen=True)
class Call:
    """A function call."""

    name: str
    args: tuple[Node, ...]
    position: int


@dataclass(frozen=True)
class Compare:
    """A comparison: eq, ne, gt, ge, lt or le."""

    op: str
    left: Node
    right: Node
    position: int


@dataclass(frozen=True)
class Logical:
    """``and`` or ``or`` of two operands."""

    op: str  # and, or
    left: Node
    right: Node


@dataclass(frozen=True)
class Not:
    """``not`` of an operand."""

    operand: Node
    position: int


Node = Literal | Property | Call | Compare | Logical | Not


def tokenize(text: str) -> list[Token]:
    """The tokens of a filter (whitespace dropped); an unknown character is a syntax error."""
    tokens: list[Token] = []
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            raise ODataError(400, f"{SYNTAX}: unexpected {text[position]!r} at position {position}")
        kind = match.lastgroup or ""
        if kind != "ws":
            tokens.append(Token(kind, match.group(), position))
        position = match.end()
    return tokens


def parse(text: str) -> Node:
    """The syntax tree of a ``$filter``."""
    if not text.strip():
        raise ODataError(400, f"{SYNTAX}: the filter is empty")
    return _Parser(tokenize(text)).parse()


class _Parser:
    def __init__(self, tokens: list[Token]) -> None:
        self.tokens, self.index = tokens, 0

    def parse(self) -> Node:
        node = self.or_expr()
        if self.index < len(self.tokens):
            token = self.tokens[self.index]
            raise _unexpected(token)
        return node

    def peek(self) -> Token | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self) -> Token:
        token = self.peek()
        if token is None:
            raise ODataError(400, f"{SYNTAX}: the filter ends too early")
        self.index += 1
        return token

    def word(self, *words: str) -> str | None:
        token = self.peek()
        if token is not None and token.kind == "name" and token.text in words:
            self.index += 1
            return token.text
        return None

    def expect(self, text: str) -> None:
        token = self.take()
        if token.text != text:
            raise ODataError(
                400, f"{SYNTAX}: expected {text!r} at position {token.position}, not {token.text!r}"
            )

    def or_expr(self) -> Node:
        node = self.and_expr()
        while self.word("or"):
            node = Logical("or", node, self.and_expr())
        return node

    def and_expr(self) -> Node:
        node = self.comparison()
        while self.word("and"):
            node = Logical("and", node, self.comparison())
        return node

    def comparison(self) -> Node:
        left = self.unary()
        token = self.peek()
        if op := self.word(*COMPARISONS):
            assert token is not None
            return Compare(op, left, self.unary(), token.position)
        return left

    def unary(self) -> Node:
        token = self.peek()
        if self.word("not"):
            assert token is not None
            return Not(self.unary(), token.position)
        return self.primary()

    def primary(self) -> Node:
        token = self.take()
        if token.text == "(":
            node = self.or_expr()
            self.expect(")")
            return node
        if token.kind == "string":
            return Literal(token.text[1:-1].replace("''", "'"), "string", token.position)
        if token.kind == "typed":
            return _typed_literal(token)
        if token.kind == "number":
            return _number(token)
        if token.kind == "name":
            return self.name(token)
        raise _unexpected(token)

    def name(self, token: Token) -> Node:
        if token.text in ("true", "false"):
            return Literal(token.text == "true", "bool", token.position)
        if token.text == "null":
            return Literal(None, "null", token.position)
        if token.text in _KEYWORDS:
            raise _unexpected(token)
        following = self.peek()
        if following is None or following.text != "(":
            return Property(token.text, token.position)
        self.take()
        args: list[Node] = []
        if (closing := self.peek()) is not None and closing.text == ")":
            self.take()
            return Call(token.text, (), token.position)
        while True:
            args.append(self.or_expr())
            separator = self.take()
            if separator.text == ")":
                return Call(token.text, tuple(args), token.position)
            if separator.text != ",":
                raise ODataError(
                    400, f"{SYNTAX}: expected ',' or ')' at position {separator.position}"
                )


def _unexpected(token: Token) -> ODataError:
    return ODataError(400, f"{SYNTAX}: unexpected {token.text!r} at position {token.position}")


def _typed_literal(token: Token) -> Literal:
    prefix, _, rest = token.text.partition("'")
    body = rest[:-1]
    if prefix == "guid":
        if not re.fullmatch(r"[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}", body):
            raise ODataError(400, f"{SYNTAX}: {token.text} is not a valid guid literal")
        return Literal(body.lower(), "guid", token.position)
    moment = parse_datetime_literal(body)
    if moment is None:
        raise ODataError(400, f"{SYNTAX}: {token.text} is not a valid datetime literal")
    return Literal(moment, "datetime", token.position)


def parse_datetime_literal(text: str) -> dt.datetime | None:
    """``2025-01-31``, ``2025-01-31T12:00``, ``…:30`` or ``…:30.123`` (UTC), else None."""
    text = text.removesuffix("Z")
    for layout in _DATETIME_FORMATS:
        try:
            return dt.datetime.strptime(text, layout).replace(tzinfo=dt.UTC)
        except ValueError:
            continue
    return None


def _number(token: Token) -> Literal:
    text, suffix = token.text, token.text[-1].lower()
    if suffix in "lmdf":
        text = text[:-1]
    is_integer = re.fullmatch(r"-?\d+", text) is not None
    if suffix == "l" and not is_integer:
        raise ODataError(400, f"{SYNTAX}: {token.text} is not a valid Int64 literal")
    if is_integer and suffix not in "mdf":
        return Literal(int(text), "int", token.position)
    try:
        return Literal(Decimal(text), "double", token.position)
    except InvalidOperation as exc:  # pragma: no cover - the pattern admits only numbers
        raise ODataError(400, f"{SYNTAX}: {token.text} is not a number") from exc
