"""The ``$filter`` parser and compiler on their own: literals, precedence, typing, errors."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from ledgerbus_sandboxes.exact.errors import ODataError
from ledgerbus_sandboxes.exact.filter import Compare, Literal, Logical, Not, Property, parse
from ledgerbus_sandboxes.exact.predicate import compile_filter

TYPES = {
    "ID": "guid",
    "Code": "string",
    "Amount": "double",
    "Year": "int",
    "Blocked": "bool",
    "Date": "datetime",
}
ROW: dict[str, Any] = {
    "ID": "5B7F4515-B7A0-4839-AC69-574968677D96",
    "Code": "  O'Brien ",
    "Amount": 12.5,
    "Year": 2025,
    "Blocked": False,
    "Date": "/Date(1748736000000)/",  # 2025-06-01
}


def holds(text: str, row: dict[str, Any] | None = None) -> bool:
    return compile_filter(text, TYPES, "Things").predicate(ROW if row is None else row)


def refusal(text: str) -> str:
    with pytest.raises(ODataError) as raised:
        compile_filter(text, TYPES, "Things")
    assert raised.value.status == 400
    return raised.value.message


def test_literals_of_every_kind() -> None:
    def literal(text: str) -> Literal:
        tree = parse(f"Year eq {text}")
        assert isinstance(tree, Compare) and isinstance(tree.right, Literal)
        return tree.right

    assert literal("5") == Literal(5, "int", 8)
    assert literal("5L").value == 5 and literal("-7").value == -7
    assert literal("1.5").value == Decimal("1.5") and literal("2.25M").edm == "double"
    assert literal("'it''s'").value == "it's"
    assert literal("guid'5B7F4515-B7A0-4839-AC69-574968677D96'").value == (
        "5b7f4515-b7a0-4839-ac69-574968677d96"
    )
    moment = dt.datetime(2025, 1, 31, 12, 30, tzinfo=dt.UTC)
    assert literal("datetime'2025-01-31T12:30'").value == moment
    assert literal("datetime'2025-01-31T12:30:00.000'").value == moment
    assert literal("true").value is True and literal("null").edm == "null"


def test_precedence_or_then_and_then_comparison_then_not() -> None:
    tree = parse("Year eq 1 or Year eq 2 and not Blocked")
    assert isinstance(tree, Logical) and tree.op == "or"
    assert isinstance(tree.right, Logical) and tree.right.op == "and"
    assert isinstance(tree.right.right, Not) and tree.right.right.operand == Property("Blocked", 31)
    grouped = parse("(Year eq 1 or Year eq 2) and Blocked")
    assert isinstance(grouped, Logical) and grouped.op == "and"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Year eq 2025", True),
        ("Year ne 2025", False),
        ("Year gt 2024 and Year ge 2025 and Year lt 2026 and Year le 2025", True),
        ("Amount gt 12.4 and Amount lt 12.6", True),
        ("Amount eq 12.5M", True),
        ("ID eq guid'5b7f4515-b7a0-4839-ac69-574968677d96'", True),
        ("Code eq '  O''Brien '", True),
        ("trim(Code) eq 'O''Brien'", True),
        ("substringof('Bri', Code)", True),
        ("startswith(trim(Code), 'O')", True),
        ("endswith(Code, 'x')", False),
        ("tolower(trim(Code)) eq 'o''brien' and length(Code) eq 10", True),
        ("Date ge datetime'2025-06-01' and Date lt datetime'2025-06-02'", True),
        ("year(Date) eq 2025 and month(Date) eq 6 and day(Date) eq 1", True),
        ("Blocked eq false and not Blocked", True),
        ("Blocked or Year eq 1", False),
        ("not (Year eq 1)", True),
        ("Code ne null", True),
    ],
)
def test_operators_and_functions_evaluate(text: str, expected: bool) -> None:
    assert holds(text) is expected


def test_null_values_compare_only_for_equality() -> None:
    row = {**ROW, "Code": None, "Amount": None}
    assert holds("Code eq null", row) and not holds("Code ne null", row)
    assert not holds("Amount gt 1", row) and not holds("Amount le 1", row)
    assert not holds("substringof('x', Code)", row)


def test_what_the_compiler_refuses() -> None:
    assert "No property 'Colour' exists in type 'Things' at position 0" in refusal("Colour eq 1")
    assert "ends too early" in refusal("Year eq ")
    assert "position 8" in refusal("Year eq )")
    assert "unexpected '=' at position 5" in refusal("Year == 1")
    assert "incompatible" in refusal("ID eq 'abc'")
    assert "incompatible" in refusal("Blocked gt true")
    assert "incompatible" in refusal("Date gt 5")
    assert "null" in refusal("Year gt null")
    assert "two properties" in refusal("Year eq Amount")
    assert "boolean" in refusal("trim(Code)")
    assert "boolean operands" in refusal("Blocked and Year")
    assert "takes 2" in refusal("substringof('x')")
    assert "needs Edm.String" in refusal("trim(Year) eq 'x'")
    assert "Int64" in refusal("Year eq 1.5L")
    assert "datetime literal" in refusal("Date eq datetime'yesterday'")
    assert "empty" in refusal("   ")


def test_a_pinned_id_and_the_named_properties_are_known() -> None:
    guid = "5b7f4515-b7a0-4839-ac69-574968677d96"
    compiled = compile_filter(f"Year eq 1 and ID eq guid'{guid}'", TYPES, "Things")
    assert compiled.pinned_id == guid and compiled.properties == {"Year", "ID"}
    assert compile_filter(f"Year eq 1 or ID eq guid'{guid}'", TYPES, "Things").pinned_id is None
