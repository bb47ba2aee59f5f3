"""SnelStart's ``{id, uri}`` references, resolved to the numbers ledgerbus uses as codes.

A grootboekmutatie names its GL account, daybook, cost centre and relation by id
only; the normalised line carries their codes (``nummer``, ``relatiecode``). Before
a page of lines reaches its stream, :class:`SnelStartClient` makes every id in it
known: daybooks and cost centres (no OData) are read whole once per session; GL
accounts and relations are asked for by ``Id eq guid'…'`` in batches, and a record
none of those returned is read by its ``uri``. The codes are kept per
administration for the length of one session.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ledgerbus_connectorkit import RestClient

LINES_PATH = "/v2/grootboekmutaties"
BATCH = 20


@dataclass(frozen=True)
class Kind:
    """A referenced resource: the line's field, its path and the field that is its code."""

    field: str
    path: str
    code: str
    odata: bool


KINDS = (
    Kind("grootboek", "grootboeken", "nummer", True),
    Kind("dagboek", "dagboeken", "nummer", False),
    Kind("kostenplaats", "kostenplaatsen", "nummer", False),
    Kind("relatiePublicIdentifier", "relaties", "relatiecode", True),
)
KIND_BY_FIELD = {kind.field: kind for kind in KINDS}


@dataclass
class Codes:
    """One administration's known codes by (resource path, id), and what was read whole."""

    by_id: dict[tuple[str, str], str] = field(default_factory=dict)
    complete: set[str] = field(default_factory=set)

    def add(self, kind: Kind, records: Iterable[Mapping[str, Any]]) -> None:
        for record in records:
            if record.get("id") is not None and record.get(kind.code) is not None:
                self.by_id[(kind.path, str(record["id"]).lower())] = str(record[kind.code])


class ReferenceCodes:
    """The codes of referenced records, per administration, shared by a connector's syncs."""

    def __init__(self) -> None:
        self._by_administration: dict[str, Codes] = {}

    def open(self, administration_id: str) -> Codes:
        """Fresh codes for a session of an administration (a rename since is read anew)."""
        codes = self._by_administration[administration_id] = Codes()
        return codes

    def close(self, administration_id: str) -> None:
        self._by_administration.pop(administration_id, None)

    def code(self, administration_id: str, raw: Mapping[str, Any], name: str) -> str | None:
        """The code of the record a line's field ``name`` refers to, or None."""
        ref = raw.get(name)
        codes = self._by_administration.get(administration_id)
        if not isinstance(ref, Mapping) or ref.get("id") is None or codes is None:
            return None
        kind = KIND_BY_FIELD[name]
        return codes.by_id.get((kind.path, str(ref["id"]).lower()))


class SnelStartClient(RestClient):
    """A REST client that resolves the references of every page of grootboekmutaties."""

    def __init__(self, *, codes: Codes, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.codes = codes

    async def get_json(self, url: str, params: Mapping[str, str] | None = None) -> Any:
        payload = await super().get_json(url, params)
        if url.endswith(LINES_PATH) and isinstance(payload, list):
            await self.resolve(payload)
        return payload

    async def resolve(self, lines: list[dict[str, Any]]) -> None:
        """Make the code of every record the lines refer to known."""
        for kind in KINDS:
            wanted = {
                str(line[kind.field]["id"]).lower()
                for line in lines
                if isinstance(line.get(kind.field), dict) and line[kind.field].get("id")
            }
            missing = sorted(i for i in wanted if (kind.path, i) not in self.codes.by_id)
            if missing:
                await self._read(kind, missing, lines)

    async def _read(self, kind: Kind, missing: list[str], lines: list[dict[str, Any]]) -> None:
        if not kind.odata and kind.path not in self.codes.complete:
            self.codes.add(kind, await super().get_json(f"/v2/{kind.path}"))
            self.codes.complete.add(kind.path)
        elif kind.odata:
            for start in range(0, len(missing), BATCH):
                ids = " or ".join(f"Id eq guid'{i}'" for i in missing[start : start + BATCH])
                found = await super().get_json(f"/v2/{kind.path}", {"$filter": ids})
                self.codes.add(kind, found)
        uris = {
            str(line[kind.field]["id"]).lower(): str(line[kind.field]["uri"])
            for line in lines
            if isinstance(line.get(kind.field), dict) and line[kind.field].get("uri")
        }
        for record_id in missing:
            if (kind.path, record_id) not in self.codes.by_id and record_id in uris:
                self.codes.add(kind, [await super().get_json(uris[record_id])])
