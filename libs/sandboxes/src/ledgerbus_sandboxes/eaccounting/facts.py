"""The pinned facts of Visma's published eAccounting v2 swagger (``openapi/eaccounting-v2.json``).

The file is ours: the GET operations the sandbox plays and their models, property by
property (JSON names, types, formats, lengths, required), as Visma's swagger document
(``https://eaccountingapi-sandbox.test.vismaonline.com/swagger/docs/v2``) has them through
the client generated from it in ``struqtur/visma-client`` (``visma-client/lib/Model/*.php``;
``bin/generate-visma-client.sh`` names the document). The sandbox reads it for the
properties ``$filter`` may name; the contract tests validate responses against it.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

REF_PREFIX = "#/definitions/"


@cache
def document() -> dict[str, Any]:
    """The pinned swagger document (parsed once)."""
    text = (
        resources.files("ledgerbus_sandboxes.eaccounting")
        .joinpath("openapi/eaccounting-v2.json")
        .read_text("utf-8")
    )
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def definition(name: str) -> dict[str, Any]:
    """One model by name, e.g. ``VoucherApi``."""
    found: dict[str, Any] = document()["definitions"][name]
    return found


@cache
def properties(name: str) -> frozenset[str]:
    """The JSON property names of a model."""
    return frozenset(definition(name)["properties"])


def json_schema(path: str, *, strict: bool = True) -> dict[str, Any]:
    """The 200 response of ``GET <path>`` as a JSON Schema (draft 2020-12) over the models.

    Swagger 2.0 schemas become JSON Schema: ``$ref`` into ``$defs``, ``int32`` as a range.
    The document marks nothing nullable while eAccounting (.NET) writes absent values as
    ``null``, so every property may be null; ``required`` ones must be present. ``strict``
    forbids properties a model lacks, so the sandbox cannot invent a field.
    """
    root = document()["paths"][path]["get"]["responses"]["200"]["schema"]
    defs = {name: _convert(node, strict) for name, node in document()["definitions"].items()}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **_convert(root, strict),
        "$defs": defs,
    }


_INT32 = {"minimum": -(2**31), "maximum": 2**31 - 1}


def _convert(node: dict[str, Any], strict: bool) -> dict[str, Any]:
    if "$ref" in node:
        return {"$ref": "#/$defs/" + str(node["$ref"]).removeprefix(REF_PREFIX)}
    out: dict[str, Any] = {}
    kind = node.get("type")
    if kind is not None:
        out["type"] = kind
    for bound in ("maxLength", "minLength", "minimum", "maximum"):
        if bound in node:
            out[bound] = node[bound]
    if node.get("format") == "int32":
        out.update(_INT32)
    elif node.get("format") in ("uuid", "date-time"):
        out["format"] = node["format"]
    if kind == "array":
        out["items"] = _convert(node.get("items", {}), strict)
    if kind == "object" or "properties" in node:
        out["properties"] = {
            name: {"anyOf": [_convert(child, strict), {"type": "null"}]}
            for name, child in node.get("properties", {}).items()
        }
        if node.get("required"):
            out["required"] = list(node["required"])
        if strict:
            out["additionalProperties"] = False
    return out
