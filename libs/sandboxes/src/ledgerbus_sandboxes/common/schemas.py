"""OpenAPI 3.0 / Swagger 2.0 schemas of a pinned interface document as JSON Schema.

The package sandboxes pin the published models of their APIs (SnelStart's OpenAPI,
eAccounting's swagger) and validate every response against them. Both documents come from
.NET services that write absent values as ``null`` while marking nothing nullable, so every
property may be null; ``strict`` forbids properties a model does not have.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

_INT32 = {"minimum": -(2**31), "maximum": 2**31 - 1}


def pinned_document(package: str, name: str) -> dict[str, Any]:
    """A pinned JSON document shipped in a sandbox package, parsed."""
    text = resources.files(package).joinpath(name).read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def as_json_schema(
    root: dict[str, Any],
    models: dict[str, dict[str, Any]],
    ref_prefix: str,
    *,
    strict: bool,
    required: bool = False,
) -> dict[str, Any]:
    """``root`` as a JSON Schema (draft 2020-12) whose ``$defs`` are ``models``.

    A ``$ref`` (``ref_prefix`` + name) points into ``$defs``; ``int32`` becomes a range;
    ``required`` keeps the models' required lists.
    """
    defs = {name: _convert(node, ref_prefix, strict, required) for name, node in models.items()}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **_convert(root, ref_prefix, strict, required),
        "$defs": defs,
    }


def _convert(node: dict[str, Any], prefix: str, strict: bool, required: bool) -> dict[str, Any]:
    if "$ref" in node:
        return {"$ref": "#/$defs/" + str(node["$ref"]).removeprefix(prefix)}
    out: dict[str, Any] = {}
    kind = node.get("type")
    if kind is not None:
        out["type"] = kind
    if "enum" in node:
        out["enum"] = list(node["enum"])
    for bound in ("maxLength", "minLength", "minimum", "maximum"):
        if bound in node:
            out[bound] = node[bound]
    if node.get("format") == "int32":
        out.update(_INT32)
    elif node.get("format") in ("uuid", "date-time"):
        out["format"] = node["format"]
    if kind == "array":
        out["items"] = _convert(node.get("items", {}), prefix, strict, required)
    if kind == "object" or "properties" in node:
        out["properties"] = {
            name: {"anyOf": [_convert(child, prefix, strict, required), {"type": "null"}]}
            for name, child in node.get("properties", {}).items()
        }
        if required and node.get("required"):
            out["required"] = list(node["required"])
        if strict:
            out["additionalProperties"] = False
    return out
