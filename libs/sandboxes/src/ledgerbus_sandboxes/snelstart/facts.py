"""The pinned facts of SnelStart's published OpenAPI document (``openapi/b2b-api-v2.json``).

The file is ours: the GET operations, the POST operations of bookings and relations
(request body and 201 model) and the models the sandbox plays, with their
property names, types, formats and enums as SnelStart's OpenAPI export has them
(``SpiderDead/snelstart-api``, ``openapi/snelstart-b2b-api-v2.yaml``). The sandbox
reads it to type ``$filter`` properties; the contract tests validate responses
against it.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from ledgerbus_sandboxes.common.schemas import as_json_schema, pinned_document

SCHEMA_PREFIX = "#/components/schemas/"


@cache
def document() -> dict[str, Any]:
    """The pinned OpenAPI document (parsed once)."""
    return pinned_document("ledgerbus_sandboxes.snelstart", "openapi/b2b-api-v2.json")


def schema(name: str) -> dict[str, Any]:
    """One model's schema by its short name, e.g. ``Grootboeken.GrootboekModel``."""
    found: dict[str, Any] = document()["components"]["schemas"][name]
    return found


def resolve(node: dict[str, Any]) -> dict[str, Any]:
    """A schema node with a ``$ref`` replaced by the schema it names."""
    ref = node.get("$ref")
    return schema(ref.removeprefix(SCHEMA_PREFIX)) if isinstance(ref, str) else node


def response_schema(path: str) -> dict[str, Any]:
    """The 200 response schema of ``GET <path>`` (a path as the document writes it)."""
    found: dict[str, Any] = document()["paths"][path]["get"]["responses"]["200"]["schema"]
    return found


def write_schema(path: str, part: str, *, strict: bool = True) -> dict[str, Any]:
    """The ``POST <path>`` request body (``part="request"``) or 201 response as a JSON
    Schema, converted as :func:`json_schema` does."""
    operation = document()["paths"][path]["post"]
    node = operation["requestBody"] if part == "request" else operation["responses"]["201"]
    return _as_json_schema(node["schema"], strict)


def json_schema(path: str, *, strict: bool = True) -> dict[str, Any]:
    """The 200 response of ``GET <path>`` as a JSON Schema (draft 2020-12) over the models.

    OpenAPI 3.0 schemas become JSON Schema: ``$ref`` into ``$defs``, ``int32`` as a
    range. The export marks no property ``nullable`` while SnelStart (.NET) writes
    absent values as ``null``, so every property may be null. ``strict`` forbids
    properties the model does not have, so a sandbox cannot invent a field.
    """
    return _as_json_schema(response_schema(path), strict)


def _as_json_schema(root: dict[str, Any], strict: bool) -> dict[str, Any]:
    models = document()["components"]["schemas"]
    return as_json_schema(root, models, SCHEMA_PREFIX, strict=strict)
