"""One entity type's records: a seeded base in version order, plus the changes made since.

The base is either a plain list (the small types) or generated on demand
(transaction lines, see :mod:`ledgerbus_sandboxes.common.lines`), so an
administration with a million lines costs nothing until a page of them is read.
Changes live in an overlay in the order they were made; every change gets a
version above the whole base, so "records after version N" is the base from N on
followed by the overlay.
"""

from __future__ import annotations

import bisect
import heapq
import random
from collections.abc import Iterator, MutableMapping
from itertools import islice
from typing import Any, Protocol

Record = dict[str, Any]


class BaseRecords(Protocol):
    """Seeded records, positionally addressable in version order (ascending)."""

    def __len__(self) -> int: ...

    def __getitem__(self, index: int) -> Record: ...

    def index_of(self, record_id: str) -> int | None:
        """The position of a record by id, or None."""
        ...

    def first_after(self, version: int) -> int:
        """The position of the first record whose version is greater than ``version``."""
        ...

    def by_id_from(self, after_id: str) -> Iterator[Record]:
        """The records with an id greater than ``after_id``, in id order."""
        ...


class ListBase:
    """A base held in memory, for the types with few records."""

    def __init__(self, records: list[Record]) -> None:
        self.rows = sorted(records, key=lambda r: int(r["version"]))
        self.positions = {str(r["id"]): n for n, r in enumerate(self.rows)}
        self.sorted_ids = sorted(self.positions)

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, index: int) -> Record:
        return self.rows[index]

    def index_of(self, record_id: str) -> int | None:
        return self.positions.get(record_id)

    def first_after(self, version: int) -> int:
        return bisect.bisect_right(self.rows, version, key=lambda r: int(r["version"]))

    def by_id_from(self, after_id: str) -> Iterator[Record]:
        start = bisect.bisect_right(self.sorted_ids, after_id)
        return (self.rows[self.positions[i]] for i in self.sorted_ids[start:])


class RecordTable(MutableMapping[str, Record]):
    """Live records by id: the base minus what was changed or deleted, plus the overlay."""

    def __init__(self, base: BaseRecords | None = None) -> None:
        self.base: BaseRecords = base if base is not None else ListBase([])
        self.overlay: dict[str, Record] = {}
        self.shadowed: set[str] = set()

    def __getitem__(self, record_id: str) -> Record:
        if record_id in self.overlay:
            return self.overlay[record_id]
        index = self.base.index_of(record_id)
        if index is None or record_id in self.shadowed:
            raise KeyError(record_id)
        return self.base[index]

    def __setitem__(self, record_id: str, record: Record) -> None:
        self.overlay.pop(record_id, None)
        self.overlay[record_id] = record
        if self.base.index_of(record_id) is not None:
            self.shadowed.add(record_id)

    def __delitem__(self, record_id: str) -> None:
        found = self.overlay.pop(record_id, None) is not None
        if self.base.index_of(record_id) is not None and record_id not in self.shadowed:
            self.shadowed.add(record_id)
            found = True
        if not found:
            raise KeyError(record_id)

    def __iter__(self) -> Iterator[str]:
        return (str(r["id"]) for r in self.rows())

    def __len__(self) -> int:
        return len(self.base) - len(self.shadowed) + len(self.overlay)

    def rows(self, after_version: int = 0) -> Iterator[Record]:
        """The live records with a version above ``after_version``, in version order."""
        for index in range(self.base.first_after(after_version), len(self.base)):
            record = self.base[index]
            if str(record["id"]) not in self.shadowed:
                yield record
        yield from (r for r in self.overlay.values() if int(r["version"]) > after_version)

    def page_by_version(self, after_version: int, limit: int) -> list[Record]:
        """At most ``limit`` live records after a version (a sync endpoint's page)."""
        return list(islice(self.rows(after_version), limit))

    def page_by_id(self, after_id: str, limit: int) -> list[Record]:
        """At most ``limit`` live records with an id above ``after_id``, in id order."""
        added = sorted((i, r) for i, r in self.overlay.items() if i > after_id)
        base = ((str(r["id"]), r) for r in self.base.by_id_from(after_id))
        merged = heapq.merge(
            ((i, r) for i, r in base if i not in self.shadowed), added, key=lambda p: p[0]
        )
        return [r for _, r in islice(merged, limit)]

    def sample_ids(self, rnd: random.Random, count: int) -> list[str]:
        """``count`` distinct live ids, drawn by ``rnd`` without listing the whole table."""
        count = min(count, len(self))
        if count * 4 > len(self):
            return rnd.sample(list(self), count)
        overlay = list(self.overlay)
        chosen: list[str] = []
        while len(chosen) < count:
            position = rnd.randrange(len(self.base) + len(overlay))
            if position >= len(self.base):
                record_id = overlay[position - len(self.base)]
            else:
                record_id = str(self.base[position]["id"])
                if record_id in self.shadowed:
                    continue
            if record_id not in chosen:
                chosen.append(record_id)
        return chosen
