"""Transaction lines generated on demand, a chunk at a time, from the seed alone.

Line ``i`` belongs to chunk ``i // CHUNK``; a chunk is a run of whole, balanced
entries (:func:`~ledgerbus_sandboxes.common.booking.compose`) drawn from a random
generator seeded by (seed, administration, chunk), so any page costs one or two
chunks however large the administration is, and no entry crosses a chunk. A line's id
is a GUID whose last twelve hex digits are its position, which makes finding a
line by id arithmetic and keeps the base in id order as well as version order.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from ledgerbus_sandboxes.common.booking import Chart, compose
from ledgerbus_sandboxes.common.table import Record

CHUNK = 1_000
_INDEX_BITS = 48
_INDEX_MASK = (1 << _INDEX_BITS) - 1


@dataclass(frozen=True)
class LineContext:
    """What the lines refer to: the administration's chart, and their numbering."""

    seed: int
    key: str
    count: int
    first_version: int
    first_modified: dt.datetime
    chart: Chart


class LazyLines:
    """The seeded transaction lines of one administration, as a :class:`BaseRecords`."""

    def __init__(self, context: LineContext) -> None:
        self.context = context
        prefix = uuid.uuid5(uuid.NAMESPACE_URL, f"ledgerbus-sandbox/{context.key}/lines")
        self.prefix = prefix.int & ~_INDEX_MASK
        entries = uuid.uuid5(uuid.NAMESPACE_URL, f"ledgerbus-sandbox/{context.key}/entries")
        self.entry_prefix = entries.int & ~_INDEX_MASK
        self.chunk = lru_cache(maxsize=16)(self._chunk)

    def __len__(self) -> int:
        return self.context.count

    def __getitem__(self, index: int) -> Record:
        if not 0 <= index < self.context.count:
            raise IndexError(index)
        return self.chunk(index // CHUNK)[index % CHUNK]

    def line_id(self, index: int) -> str:
        return _guid(self.prefix | index)

    def index_of(self, record_id: str) -> int | None:
        try:
            value = uuid.UUID(record_id).int
        except ValueError:
            return None
        index = value & _INDEX_MASK
        if value & ~_INDEX_MASK != self.prefix or index >= self.context.count:
            return None
        return index

    def first_after(self, version: int) -> int:
        return min(max(version - self.context.first_version + 1, 0), self.context.count)

    def by_id_from(self, after_id: str) -> Iterator[Record]:
        first = self.line_id(0)
        if after_id < first:
            start = 0
        elif after_id >= self.line_id(_INDEX_MASK):
            start = self.context.count
        else:
            start = (self.index_of(after_id) or uuid.UUID(after_id).int & _INDEX_MASK) + 1
        return (self[i] for i in range(start, self.context.count))

    @property
    def entry_limit(self) -> int:
        """Every seeded entry number is at most this (numbers of later entries exceed it)."""
        return (self.context.count // CHUNK + 1) * (CHUNK // 2)

    def entry_span(self, index: int) -> range:
        """The positions of the seeded lines of the entry that holds line ``index``."""
        chunk, offset = self.chunk(index // CHUNK), index % CHUNK
        entry_id = chunk[offset]["entry_id"]
        first, last = offset, offset
        while first > 0 and chunk[first - 1]["entry_id"] == entry_id:
            first -= 1
        while last + 1 < len(chunk) and chunk[last + 1]["entry_id"] == entry_id:
            last += 1
        start = index - offset
        return range(start + first, start + last + 1)

    def _chunk(self, number: int) -> list[Record]:
        c = self.context
        rnd = random.Random(f"{c.seed}:{c.key}:lines:{number}")
        start = number * CHUNK
        size = min(CHUNK, c.count - start)
        lines: list[Record] = []
        entry = number * (CHUNK // 2)
        while len(lines) < size:
            entry += 1
            left = size - len(lines)
            count = min(rnd.randint(2, 5), left)
            if left - count == 1:
                count += 1
            entry_id = _guid(self.entry_prefix | entry)
            for line in compose(rnd, c.chart, count, entry):
                index = start + len(lines)
                line["id"] = _guid(self.prefix | index)
                line["version"] = c.first_version + index
                line["modified"] = c.first_modified + dt.timedelta(seconds=index + 1)
                line["entry_id"] = entry_id
                lines.append(line)
        return lines


def _guid(value: int) -> str:
    """A 128-bit number in the GUID form ``str(uuid.UUID(int=value))`` gives, faster."""
    h = f"{value:032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"
