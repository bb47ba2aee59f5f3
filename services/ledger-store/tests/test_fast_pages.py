"""The fast page decoder accepts a subset of what the contract accepts, and stages it alike.

Every entity type's valid record is mutated field by field with values on both sides of
pydantic's lax rules and msgspec's strict ones; for each page the fast path either
declines (the contract's models decide) or gives exactly the rows and message the
models give.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import types
from decimal import Decimal
from typing import Any, Literal, Union, get_args, get_origin

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from ledgerbus_contracts import EntitiesUpserted, EntityType
from ledgerbus_contracts.entities import ENTITY_MODELS
from ledgerbus_ledger_store.adapters.fast_pages import stage_json_page
from ledgerbus_ledger_store.adapters.staging import (
    StagedPage,
    encode_at_once,
    encode_each_field,
    stage_page,
)
from ledgerbus_ledger_store.adapters.tables import table_for

CANDIDATES: list[Any] = [
    None, "", "x", "1", "12.50", " 7 ", "1e3", "-0", "1_000", "\u0661\u0662", "NaN",
    "Infinity", "-Infinity", "sNaN", "true", 0, 1, -1, 1.5, 0.1, 1e400, 2**70, True, False,
    "2026-01-31", "2026-02-30", "2026-01-31T00:00:00", "20260131", 20260131, [], {},
    {"a": [1, "\t"], "b": "back\\slash"}, "tab\there", "nul\x00", "line\nbreak", "cr\rx",
    "\ud800", "balance", "profit_loss", "debit", "sales", "bank",
]  # fmt: skip


def _valid(annotation: Any) -> Any:
    """A valid JSON value of a contract field's type."""
    if get_origin(annotation) is Literal:
        return get_args(annotation)[0]
    if get_origin(annotation) in (Union, types.UnionType):
        return _valid(next(a for a in get_args(annotation) if a is not type(None)))
    return {str: "A-1", int: 3, bool: True, dt.date: "2026-03-31", Decimal: "-12.50"}.get(
        annotation, {"ID": 1, "Note": 'quote " and tab \t'}
    )


def valid_record(entity_type: EntityType) -> dict[str, Any]:
    model = ENTITY_MODELS[entity_type]
    record = {name: _valid(info.annotation) for name, info in model.model_fields.items()}
    return {**record, "administration_id": "adm", "entity_type": str(entity_type)}


def page_json(entity_type: EntityType, records: list[Any], **page: Any) -> bytes:
    body = {
        "administration_id": "adm",
        "sync_id": "s1",
        "entity_type": str(entity_type),
        "page_seq": 0,
        "records": records,
        **page,
    }
    return json.dumps(body).encode()


def by_the_models(value: bytes) -> tuple[EntitiesUpserted, StagedPage] | None:
    try:
        page = EntitiesUpserted.model_validate_json(value)
        staged = stage_page(
            page.sync_id, page.administration_id, page.entity_type, page.page_seq, page.records
        )
    except (ValidationError, AttributeError):
        return None
    return page.model_copy(update={"records": []}), staged


_ESCAPES = {"\\t": "\t", "\\n": "\n", "\\r": "\r", "\\\\": "\\"}


def _unescape(field: str) -> str | None:
    if field == "\\N":
        return None
    return re.sub(r"\\[tnr\\]", lambda m: _ESCAPES[m.group()], field)


def as_stored(staged: tuple[EntitiesUpserted, StagedPage] | None) -> object:
    """The message and the rows as PostgreSQL reads them: ``raw`` as a JSON value."""
    if staged is None:
        return None
    message, page = staged
    raw = table_for(page.entity_type).staged_columns.index("raw")
    rows = []
    for line in page.rows.decode().splitlines():
        fields = [_unescape(f) for f in line.split("\t")]
        fields[raw] = json.loads(fields[raw] or "null", parse_float=Decimal)
        rows.append(fields)
    return message, dataclasses.replace(page, rows=b""), rows


def variants(entity_type: EntityType) -> list[bytes]:
    record = valid_record(entity_type)
    pages = [page_json(entity_type, [record, {**record, "source_id": "B-2"}])]
    for name in record:
        pages.append(page_json(entity_type, [{k: v for k, v in record.items() if k != name}]))
        pages += [page_json(entity_type, [{**record, name: value}]) for value in CANDIDATES]
    pages.append(page_json(entity_type, [{**record, "unknown": 1}]))
    other = next(t for t in EntityType if t is not entity_type)
    pages.append(page_json(entity_type, [valid_record(other)]))
    pages += [page_json(entity_type, [record], page_seq=v) for v in (-1, "1", 1.0, None)]
    pages.append(page_json(entity_type, [record], extra="x"))
    pages.append(page_json(entity_type, []))
    return pages


@pytest.mark.parametrize("entity_type", list(EntityType))
def test_the_fast_path_stages_what_the_models_stage_and_declines_the_rest(
    entity_type: EntityType,
) -> None:
    pages = variants(entity_type)
    for value in pages:
        fast, slow = stage_json_page(value), by_the_models(value)
        if fast is not None:
            assert slow is not None, f"the fast path accepts what the contract refuses: {value!r}"
            assert as_stored(fast) == as_stored(slow), value
    assert stage_json_page(pages[0]) is not None  # the valid page takes the fast path


def test_a_page_with_a_repeated_key_is_staged_as_the_models_stage_it() -> None:
    record = json.dumps(valid_record(EntityType.GL_ACCOUNT))[:-1] + ', "name": "second"}'
    value = page_json(EntityType.GL_ACCOUNT, []).replace(b"[]", record.encode())
    assert as_stored(stage_json_page(value)) == as_stored(by_the_models(value))


values = st.one_of(
    st.none(),
    st.text(),
    st.integers(),
    st.decimals(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.dates(),
)


@given(st.lists(st.tuples(values, values, values), max_size=5))
def test_escaping_a_page_at_once_gives_the_bytes_of_escaping_each_field(
    rows: list[tuple[object, ...]],
) -> None:
    at_once = encode_at_once(rows, 3)
    assert at_once is None or at_once == encode_each_field(rows)
