"""Vouchers: the sandbox's balanced entries, each served as one voucher with its rows.

A voucher is an entry (:mod:`ledgerbus_sandboxes.common.entries`): its rows are the entry's
live lines in line-number order, so debit = credit in every voucher. The index is rebuilt
when the company's data changes (any change moves ``admin.version``) and kept otherwise,
so paging through a million lines costs one pass.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from ledgerbus_contracts import EntityType
from ledgerbus_sandboxes.common import AdministrationData, Record

LINE = EntityType.TRANSACTION_LINE


@dataclass
class Voucher:
    """One entry's live lines by line number, and what every row shares."""

    entry_id: str
    number: int
    lines: list[Record]

    @property
    def date(self) -> object:
        return self.lines[0]["date"]


@dataclass
class VoucherIndex:
    """A company's vouchers in number order, and where each line sits in its voucher."""

    version: int
    vouchers: list[Voucher]
    by_entry: dict[str, Voucher] = field(default_factory=dict)
    row_of: dict[str, int] = field(default_factory=dict)
    """Line id -> its 1-based row in its voucher."""

    @classmethod
    def build(cls, admin: AdministrationData) -> VoucherIndex:
        entries: dict[str, list[Record]] = {}
        for line in admin.table(LINE).rows():
            entries.setdefault(str(line["entry_id"]), []).append(line)
        vouchers = [
            Voucher(entry_id, int(lines[0]["entry_number"]), sorted(lines, key=_line_number))
            for entry_id, lines in entries.items()
        ]
        vouchers.sort(key=lambda v: (v.number, v.entry_id))
        index = cls(admin.version, vouchers, {v.entry_id: v for v in vouchers})
        for voucher in vouchers:
            for row, line in enumerate(voucher.lines, start=1):
                index.row_of[str(line["id"])] = row
        return index

    def __iter__(self) -> Iterator[Voucher]:
        return iter(self.vouchers)


def _line_number(line: Record) -> int:
    return int(line.get("line_number") or 0)


class Vouchers:
    """The voucher index of each company, rebuilt after a change."""

    def __init__(self) -> None:
        self._indexes: dict[str, VoucherIndex] = {}

    def of(self, admin: AdministrationData) -> VoucherIndex:
        found = self._indexes.get(admin.key)
        if found is None or found.version != admin.version:
            found = self._indexes[admin.key] = VoucherIndex.build(admin)
        return found
