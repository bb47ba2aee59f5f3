"""Deterministic transaction lines framed as a connector's full sync (benchmarks, tests)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ledgerbus_contracts import (
    EntitiesUpserted,
    EntityType,
    EntityTypeTotals,
    Message,
    Package,
    SyncChangesEnded,
    SyncChangesStarted,
    SyncMode,
    SyncTrigger,
)
from ledgerbus_contracts.entities import TransactionLine

ADMINISTRATION = "bench"
PAGE = 500
AT = dt.datetime(2026, 11, 2, tzinfo=dt.UTC)
OPERATOR = {"Authorization": "Bearer dev-operator-token"}


def transaction_lines(count: int, first: int = 0) -> list[TransactionLine]:
    """``count`` lines (numbered from ``first``) of four-line entries over a year and 60 GL
    accounts, with Exact-sized raw."""
    return [
        TransactionLine(
            administration_id=ADMINISTRATION,
            source_id=f"line-{n:08d}",
            source_version=n + 1,
            entry_id=f"entry-{n // 4}",
            entry_number=n // 4,
            line_number=n % 4 + 1,
            date=dt.date(2026, 1 + n % 12, 1 + n % 28),
            fiscal_year=2026,
            fiscal_period=1 + n % 12,
            daybook_code="MEM",
            gl_account_code=f"{4000 + n % 60 * 10}",
            cost_center_code=f"CC{n % 7}",
            description=f"Regel {n}",
            amount=Decimal(n % 100_000) / 100 - 500,
            raw=_exact_raw(n),
        )
        for n in range(first, first + count)
    ]


def _exact_raw(n: int) -> dict[str, object]:
    """The source record as connector-exact keeps it: the twenty fields it selects."""
    return {
        "ID": f"6f1c{n:08x}-0000-4000-8000-00000000{n % 10_000:04d}",
        "EntryID": f"entry-{n // 4}",
        "EntryNumber": n // 4,
        "LineNumber": n % 4 + 1,
        "Date": f"/Date({1767225600000 + n % 365 * 86_400_000})/",
        "FinancialYear": 2026,
        "FinancialPeriod": 1 + n % 12,
        "JournalCode": "MEM",
        "GLAccountCode": f"{4000 + n % 60 * 10}",
        "AccountCode": None,
        "CostCenter": f"CC{n % 7}",
        "CostUnit": None,
        "ProjectCode": None,
        "Description": f"Regel {n}",
        "AmountDC": (n % 100_000) / 100 - 500,
        "AmountFC": (n % 100_000) / 100 - 500,
        "Currency": "EUR",
        "VATCode": None,
        "AmountVATFC": None,
        "Timestamp": n + 1,
    }


def sync_events(sync_id: str, records: list[TransactionLine]) -> list[Message]:
    """A full sync of the lines as a connector frames it: start, pages of 500, end."""
    pages = [records[n : n + PAGE] for n in range(0, len(records), PAGE)]
    started = SyncChangesStarted(
        administration_id=ADMINISTRATION,
        sync_id=sync_id,
        mode=SyncMode.FULL,
        entity_types=(EntityType.TRANSACTION_LINE,),
        started_at=AT,
        tenant_id="bench",
        package=Package.EXACT,
        trigger=SyncTrigger.MANUAL,
    )
    upserts = [
        EntitiesUpserted(
            administration_id=ADMINISTRATION,
            sync_id=sync_id,
            entity_type=EntityType.TRANSACTION_LINE,
            page_seq=seq,
            records=list(page),
        )
        for seq, page in enumerate(pages)
    ]
    ended = SyncChangesEnded(
        administration_id=ADMINISTRATION,
        sync_id=sync_id,
        mode=SyncMode.FULL,
        started_at=AT,
        ended_at=AT,
        totals={
            EntityType.TRANSACTION_LINE: EntityTypeTotals(records=len(records), pages=len(pages))
        },
    )
    return [started, *upserts, ended]
