"""SnelStart's ``$filter``: the documented OData v3 expressions, typed by the published model."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from ledgerbus_sandboxes.snelstart.odata import FilterError, parse_filter

RELATIE: dict[str, Any] = {
    "id": "8f0c1f60-3bfa-4cf0-9a41-6a0c6c8c0001",
    "uri": "/v2/relaties/8f0c1f60-3bfa-4cf0-9a41-6a0c6c8c0001",
    "modifiedOn": "2026-03-02T08:00:00.000",
    "relatiecode": 12,
    "naam": "Test O'Brien BV",
    "relatiesoort": ["Klant", "Leverancier"],
    "email": None,
    "kredietLimiet": 2500.5,
    "nonactief": False,
    "vestigingsAdres": {
        "plaats": "Utrecht",
        "land": {"id": "0C4A54B5-0000-4000-8000-000000000001"},
    },
}
MUTATIE: dict[str, Any] = {
    "id": "00000000-0000-4000-8000-0000000000aa",
    "datum": "2025-06-30T00:00:00",
    "debet": 121.0,
    "credit": 0.0,
    "grootboek": {"id": "00000000-0000-4000-8000-0000000000bb", "uri": "/v2/grootboeken/…"},
    "boekstuk": "2025001",
}


def matches(
    text: str, record: dict[str, Any] = RELATIE, model: str = "Relaties.RelatieModel"
) -> bool:
    return parse_filter(text, model)(record)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Id eq guid'8F0C1F60-3BFA-4CF0-9A41-6A0C6C8C0001'", True),
        ("Id ne guid'8f0c1f60-3bfa-4cf0-9a41-6a0c6c8c0001'", False),
        ("ModifiedOn gt datetime'2026-03-01T23:59:59.999'", True),
        ("ModifiedOn le datetime'2026-03-02T07:59'", False),
        ("year(ModifiedOn) eq 2026 and month(ModifiedOn) eq 3 and day(ModifiedOn) eq 2", True),
        ("substringof('Test', Naam) eq true", True),
        ("substringof('test', Naam) eq true", False),
        ("substringof('test', tolower(Naam))", True),
        ("Naam eq 'Test O''Brien BV'", True),
        ("startswith(Naam, 'Test') and endswith(Naam, 'BV')", True),
        ("Naam gt 'S' and Naam lt 'U'", True),
        ("Relatiecode ge 12 and Relatiecode lt 13", True),
        ("Relatiecode gt 12 or Relatiecode eq 12", True),
        ("KredietLimiet gt 2500.25M", True),
        ("not (Relatiecode eq 12)", False),
        ("Nonactief eq false", True),
        ("Email eq null", True),
        ("Email ne null", False),
        ("Email gt 'a'", False),
        ("Relatiesoort/any(r: r eq 'Leverancier')", True),
        ("Relatiesoort/all(r: r eq 'Klant')", False),
        ("Relatiesoort/any()", True),
        ("VestigingsAdres/Plaats eq 'Utrecht'", True),
        ("VestigingsAdres/Land/Id eq guid'0c4a54b5-0000-4000-8000-000000000001'", True),
        ("length(Naam) eq 15 and indexof(Naam, 'O') eq 5", True),
        ("(Relatiecode eq 1 or Relatiecode eq 12) and Naam ne 'x'", True),
    ],
)
def test_documented_expressions_evaluate(text: str, expected: bool) -> None:
    assert matches(text) is expected


def test_transaction_lines_filter_on_date_amounts_and_references() -> None:
    model = "GrootboekMutaties.GrootboekMutatieModel"
    assert matches("year(Datum) eq 2025", MUTATIE, model)
    assert matches("Datum ge datetime'2025-06-01T00:00:00' and Debet gt 100", MUTATIE, model)
    assert not matches("Credit gt 0", MUTATIE, model)
    assert matches("Grootboek/Id eq guid'00000000-0000-4000-8000-0000000000bb'", MUTATIE, model)
    assert matches("Boekstuk eq '2025001'", MUTATIE, model)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Naam",
        "naam eq 'x'",
        "Bedrag gt 0",
        "Uri eq '/v2/relaties'",
        "Naam eq 12",
        "Id eq '8f0c1f60-3bfa-4cf0-9a41-6a0c6c8c0001'",
        "Id eq guid'not-a-guid'",
        "ModifiedOn gt datetime'yesterday'",
        "ModifiedOn gt '2026-01-01'",
        "Naam eq 'x' and",
        "Naam eq 'x' Naam",
        "(Naam eq 'x'",
        "contains(Naam, 'x')",
        "substringof(Naam)",
        "year(Naam) eq 2026",
        "Nonactief gt false",
        "Relatiecode and Naam eq 'x'",
        "Naam eq 'unterminated",
        "Relatiesoort eq 'Klant'",
        "Naam/Lengte eq 1",
        "Naam eq 'x' # comment",
    ],
)
def test_invalid_filters_are_refused(text: str) -> None:
    with pytest.raises(FilterError):
        parse_filter(text, "Relaties.RelatieModel")


def test_a_modified_on_lower_bound_is_known_where_it_holds_for_every_match() -> None:
    model = "Relaties.RelatieModel"
    moment = dt.datetime(2026, 3, 1, 12, 0)
    since = "ModifiedOn gt datetime'2026-03-01T12:00:00'"
    assert parse_filter(since, model).modified_after == moment
    assert parse_filter(f"{since} and Relatiecode eq 12", model).modified_after == moment
    assert parse_filter(f"Relatiecode eq 12 and ({since})", model).modified_after == moment
    at_or_after = parse_filter("ModifiedOn ge datetime'2026-03-01T12:00:00'", model)
    assert at_or_after.modified_after == moment - dt.timedelta(microseconds=1)
    assert parse_filter(f"{since} or Relatiecode eq 12", model).modified_after is None
    assert parse_filter(f"not ({since})", model).modified_after is None
    assert parse_filter("ModifiedOn lt datetime'2026-03-01T12:00:00'", model).modified_after is None
    assert parse_filter("Relatiecode eq 12", model).modified_after is None
