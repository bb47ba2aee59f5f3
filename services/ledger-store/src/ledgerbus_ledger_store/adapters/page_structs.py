"""msgspec structs of a page of upserts, derived from the contract's pydantic models.

Validating a page with pydantic builds a model per record and parses ``raw`` into
Python objects that staging turns straight back into JSON. These structs decode the
same JSON about three times faster and keep ``raw`` as the bytes it arrived as.

They accept a subset of what the contract accepts, never more: msgspec is strict where
pydantic is lax (a number as a string, ``"true"`` for a boolean), and amounts must be
JSON strings (what the contract writes) holding a finite decimal, so that no float ever
stands between the text and the ``Decimal``. Whatever they refuse is decided by the
contract's own models (:mod:`.fast_pages`). The structs are built from the models'
fields, so a new field or type in the contract shows here: a type or constraint this
module does not know fails at import.
"""

from __future__ import annotations

import datetime as dt
import types
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Annotated, Any, Literal, Union, get_args, get_origin

import annotated_types
import msgspec
from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from ledgerbus_contracts import EntitiesUpserted, EntityType
from ledgerbus_contracts.entities import ENTITY_MODELS

_PLAIN = (str, int, bool, dt.date)
_CONSTRAINTS = {annotated_types.MinLen: "min_length", annotated_types.Ge: "ge"}


def _is_decimal(annotation: Any) -> bool:
    return annotation is Decimal or Decimal in get_args(annotation)


def _struct_type(name: str, annotation: Any) -> Any:
    """The msgspec type of a contract field (amounts as text, checked in ``__post_init__``)."""
    if annotation is Decimal:
        return str
    if get_origin(annotation) is Literal or annotation in _PLAIN:
        return annotation
    if get_origin(annotation) in (Union, types.UnionType):
        return Union[tuple(_struct_type(name, arg) for arg in get_args(annotation))]  # noqa: UP007
    if annotation is type(None):
        return annotation
    raise TypeError(f"the fast page decoder does not know the type of {name}: {annotation!r}")


def _constrained(name: str, kind: Any, info: FieldInfo) -> Any:
    meta: dict[str, Any] = {}
    for constraint in info.metadata:
        option = _CONSTRAINTS.get(type(constraint))
        if option is None:
            raise TypeError(f"the fast page decoder does not know {name}'s {constraint!r}")
        meta[option] = getattr(constraint, option)
    return Annotated[kind, msgspec.Meta(**meta)] if meta else kind


def _field(name: str, info: FieldInfo) -> tuple[str, Any, Any] | tuple[str, Any]:
    if name == "raw":
        return name, msgspec.Raw, msgspec.Raw(b"{}")
    kind = _constrained(name, _struct_type(name, info.annotation), info)
    if info.default_factory is not None:
        return name, kind, msgspec.field(default_factory=info.default_factory)  # type: ignore[arg-type]
    if info.default is not PydanticUndefined:
        return name, kind, info.default
    return (name, kind)


def _amount(value: str | None) -> Decimal | None:
    if value is None:
        return None
    try:
        amount = Decimal(value)
    except InvalidOperation:
        raise ValueError(f"{value!r} is not a decimal") from None
    if not amount.is_finite():
        raise ValueError(f"{value!r} is not a finite decimal")
    return amount


def _post_init(amounts: tuple[str, ...]) -> Any:
    def post_init(self: Any) -> None:
        if not bytes(self.raw).startswith(b"{"):
            raise ValueError("raw must be a JSON object")
        for name in amounts:
            setattr(self, name, _amount(getattr(self, name)))

    return post_init


def _entity_struct(entity_type: EntityType, model: type[BaseModel]) -> type[msgspec.Struct]:
    fields = [
        _field(name, info) for name, info in model.model_fields.items() if name != "entity_type"
    ]
    required = [f for f in fields if len(f) == 2]
    optional = [f for f in fields if len(f) == 3]
    amounts = tuple(n for n, info in model.model_fields.items() if _is_decimal(info.annotation))
    return msgspec.defstruct(
        model.__name__,
        [*required, *optional],
        namespace={"__post_init__": _post_init(amounts)},
        tag_field="entity_type",
        tag=str(entity_type),
        forbid_unknown_fields=True,
    )


ENTITY_STRUCTS = {t: _entity_struct(t, model) for t, model in ENTITY_MODELS.items()}
"""The struct of each entity type, tagged by ``entity_type`` as the contract's union is."""

if TYPE_CHECKING:
    AnyEntity = Any
else:
    AnyEntity = Union[tuple(ENTITY_STRUCTS.values())]  # noqa: UP007
    """Any entity struct, told apart by its ``entity_type`` tag."""


class UpsertPage(msgspec.Struct, forbid_unknown_fields=True):
    """An :class:`~ledgerbus_contracts.EntitiesUpserted` page, as structs."""

    administration_id: str
    sync_id: str
    entity_type: EntityType
    page_seq: Annotated[int, msgspec.Meta(ge=0)]
    records: list[AnyEntity]


if set(UpsertPage.__struct_fields__) != set(EntitiesUpserted.model_fields):
    raise TypeError("UpsertPage no longer has the fields of the contract's EntitiesUpserted")

page_decoder = msgspec.json.Decoder(UpsertPage)
"""Decodes a page's JSON; raises ``msgspec.ValidationError`` or ``DecodeError``."""
