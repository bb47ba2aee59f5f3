"""The pinned facts of Visma's published eAccounting v2 swagger (``openapi/eaccounting-v2.json``).

The file is ours: the GET operations the sandbox plays and their models, property by
property (JSON names, types, formats, lengths, required), as Visma's swagger document
(``https://eaccountingapi-sandbox.test.vismaonline.com/swagger/docs/v2``) has them through
the client generated from it in ``struqtur/visma-client`` (``visma-client/lib/Model/*.php``;
``bin/generate-visma-client.sh`` names the document). The sandbox reads it for the
properties ``$filter`` may name; the contract tests validate responses against it.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from ledgerbus_sandboxes.common.schemas import as_json_schema, pinned_document

REF_PREFIX = "#/definitions/"


@cache
def document() -> dict[str, Any]:
    """The pinned swagger document (parsed once)."""
    return pinned_document("ledgerbus_sandboxes.eaccounting", "openapi/eaccounting-v2.json")


def definition(name: str) -> dict[str, Any]:
    """One model by name, e.g. ``VoucherApi``."""
    found: dict[str, Any] = document()["definitions"][name]
    return found


@cache
def properties(name: str) -> dict[str, str]:
    """A model's JSON properties by the kind of value they hold: ``string``, ``uuid``,
    ``date-time``, ``number``, ``boolean``, ``object`` or ``array`` (what ``$filter`` types)."""
    return {prop: _kind(node) for prop, node in definition(name)["properties"].items()}


def _kind(node: dict[str, Any]) -> str:
    kind = node.get("type")
    if "$ref" in node or kind == "object":
        return "object"
    if kind in ("integer", "number"):
        return "number"
    if kind == "string" and node.get("format") in ("uuid", "date-time"):
        return str(node["format"])
    return str(kind)


def json_schema(path: str, *, strict: bool = True) -> dict[str, Any]:
    """The 200 response of ``GET <path>`` as a JSON Schema (draft 2020-12) over the models
    (:func:`~ledgerbus_sandboxes.common.schemas.as_json_schema`): every property may be null,
    the ``required`` ones must be present, and ``strict`` forbids properties a model lacks,
    so the sandbox cannot invent a field."""
    root = document()["paths"][path]["get"]["responses"]["200"]["schema"]
    models = document()["definitions"]
    return as_json_schema(root, models, REF_PREFIX, strict=strict, required=True)
