"""A parsed ``$filter`` compiled into a predicate over rendered rows, typed first.

Property types are short names: ``guid string int double bool datetime``. Rows carry
Exact's rendered values (``/Date(ms)/`` strings for dates, floats for amounts), which
the compiled getters convert before comparing.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ledgerbus_sandboxes.exact.errors import ODataError
from ledgerbus_sandboxes.exact.filter import (
    EXACT_DATE,
    Call,
    Compare,
    Literal,
    Logical,
    Node,
    Not,
    Property,
    Row,
    parse,
)

Getter = Callable[[Row], Any]
EDM = {
    "guid": "Edm.Guid",
    "string": "Edm.String",
    "int": "Edm.Int32",
    "double": "Edm.Double",
    "bool": "Edm.Boolean",
    "datetime": "Edm.DateTime",
    "null": "null",
}
_NUMERIC = {"int", "double"}
_ORDERED = {"int", "double", "string", "guid", "datetime"}
_OPERATORS: dict[str, Callable[[Any, Any], bool]] = {
    "eq": operator.eq,
    "ne": operator.ne,
    "gt": operator.gt,
    "ge": operator.ge,
    "lt": operator.lt,
    "le": operator.le,
}
# name: (argument types, result type, implementation)
_FUNCTIONS: dict[str, tuple[tuple[str, ...], str, Callable[..., Any]]] = {
    "substringof": (("string", "string"), "bool", lambda part, whole: part in whole),
    "startswith": (("string", "string"), "bool", lambda whole, part: whole.startswith(part)),
    "endswith": (("string", "string"), "bool", lambda whole, part: whole.endswith(part)),
    "tolower": (("string",), "string", str.lower),
    "toupper": (("string",), "string", str.upper),
    "trim": (("string",), "string", str.strip),
    "length": (("string",), "int", len),
    "year": (("datetime",), "int", lambda moment: moment.year),
    "month": (("datetime",), "int", lambda moment: moment.month),
    "day": (("datetime",), "int", lambda moment: moment.day),
}


@dataclass(frozen=True)
class CompiledFilter:
    """A filter's predicate, the properties it names and, if it pins one, the ID it asks for."""

    predicate: Callable[[Row], bool]
    properties: frozenset[str]
    pinned_id: str | None
    tree: Node


def compile_filter(text: str, types: Mapping[str, str], entity_set: str) -> CompiledFilter:
    """Parse and type-check ``$filter`` against an entity set's property types."""
    tree = parse(text)
    compiler = _Compiler(types, entity_set)
    getter, kind = compiler.compile(tree)
    if kind != "bool":
        raise ODataError(400, f"The $filter expression must be a boolean, not {EDM[kind]}")

    def predicate(row: Row) -> bool:
        return getter(row) is True

    return CompiledFilter(predicate, frozenset(compiler.named), _pinned_id(tree), tree)


def _pinned_id(tree: Node) -> str | None:
    """The guid of an ``ID eq guid'…'`` the filter requires (alone or and-ed in)."""
    if isinstance(tree, Compare) and tree.op == "eq":
        sides = (tree.left, tree.right)
        names = [s.name for s in sides if isinstance(s, Property)]
        guids = [s.value for s in sides if isinstance(s, Literal) and s.edm == "guid"]
        if names == ["ID"] and guids:
            return str(guids[0])
    if isinstance(tree, Logical) and tree.op == "and":
        return _pinned_id(tree.left) or _pinned_id(tree.right)
    return None


def to_datetime(value: Any) -> dt.datetime | None:
    """A rendered ``/Date(ms)/`` as a UTC datetime (None stays None)."""
    if value is None:
        return None
    match = EXACT_DATE.match(str(value))
    if match is None:
        return None
    return dt.datetime.fromtimestamp(int(match.group(1)) / 1000, dt.UTC)


class _Compiler:
    def __init__(self, types: Mapping[str, str], entity_set: str) -> None:
        self.types, self.entity_set = types, entity_set
        self.named: set[str] = set()

    def compile(self, node: Node) -> tuple[Getter, str]:
        if isinstance(node, Literal):
            value = node.value
            return (lambda row: value), node.edm
        if isinstance(node, Property):
            return self.property(node)
        if isinstance(node, Call):
            return self.call(node)
        if isinstance(node, Compare):
            return self.compare(node)
        if isinstance(node, Logical):
            return self.logical(node)
        return self.negation(node)

    def property(self, node: Property) -> tuple[Getter, str]:
        kind = self.types.get(node.name)
        if kind is None:
            raise ODataError(
                400,
                f"No property '{node.name}' exists in type '{self.entity_set}' "
                f"at position {node.position}",
            )
        self.named.add(node.name)
        name = node.name
        if kind == "datetime":
            return (lambda row: to_datetime(row.get(name))), kind
        if kind == "guid":
            return (lambda row: _lower(row.get(name))), kind
        if kind == "double":
            return (lambda row: _decimal(row.get(name))), kind
        return (lambda row: row.get(name)), kind

    def call(self, node: Call) -> tuple[Getter, str]:
        found = _FUNCTIONS.get(node.name)
        if found is None:
            raise ODataError(
                400, f"Unknown function '{node.name}' at position {node.position} in $filter"
            )
        wanted, result, implementation = found
        if len(node.args) != len(wanted):
            raise ODataError(
                400, f"Function '{node.name}' takes {len(wanted)} argument(s), not {len(node.args)}"
            )
        getters: list[Getter] = []
        for arg, kind in zip(node.args, wanted, strict=True):
            getter, actual = self.compile(arg)
            if actual not in (kind, "null"):
                raise ODataError(
                    400, f"Function '{node.name}' needs {EDM[kind]} arguments, not {EDM[actual]}"
                )
            getters.append(getter)

        def evaluate(row: Row) -> Any:
            values = [g(row) for g in getters]
            return None if any(v is None for v in values) else implementation(*values)

        return evaluate, result

    def compare(self, node: Compare) -> tuple[Getter, str]:
        if isinstance(node.left, Property) and isinstance(node.right, Property):
            raise ODataError(
                400, f"Comparing two properties is not supported (position {node.position})"
            )
        left, left_kind = self.compile(node.left)
        right, right_kind = self.compile(node.right)
        test = _OPERATORS[node.op]
        if "null" in (left_kind, right_kind):
            if node.op not in ("eq", "ne"):
                raise ODataError(400, f"Operator '{node.op}' cannot compare with null")
            return (lambda row: test(left(row), right(row))), "bool"
        compatible = left_kind == right_kind or {left_kind, right_kind} <= _NUMERIC
        if not compatible or (node.op not in ("eq", "ne") and left_kind not in _ORDERED):
            raise ODataError(
                400,
                f"Operator '{node.op}' incompatible with operand types "
                f"'{EDM[left_kind]}' and '{EDM[right_kind]}' at position {node.position}",
            )

        def evaluate(row: Row) -> bool:
            a, b = left(row), right(row)
            if a is None or b is None:
                return test(a, b) if node.op in ("eq", "ne") else False
            return test(a, b)

        return evaluate, "bool"

    def logical(self, node: Logical) -> tuple[Getter, str]:
        left, left_kind = self.compile(node.left)
        right, right_kind = self.compile(node.right)
        if left_kind != "bool" or right_kind != "bool":
            raise ODataError(400, f"Operator '{node.op}' needs boolean operands")
        if node.op == "and":
            return (lambda row: left(row) is True and right(row) is True), "bool"
        return (lambda row: left(row) is True or right(row) is True), "bool"

    def negation(self, node: Not) -> tuple[Getter, str]:
        operand, kind = self.compile(node.operand)
        if kind != "bool":
            raise ODataError(
                400, f"Operator 'not' needs a boolean operand (position {node.position})"
            )
        return (lambda row: None if (value := operand(row)) is None else not value), "bool"


def _lower(value: Any) -> str | None:
    return None if value is None else str(value).lower()


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))
