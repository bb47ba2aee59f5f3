"""Whether a snapshot may reconcile deletes, and whether the guard must hold them.

Plain functions over plain values: no SQL, no Kafka.
"""

from __future__ import annotations

from dataclasses import dataclass

from ledgerbus_contracts import EntityType, EntityTypeTotals


@dataclass(frozen=True)
class ReceivedPages:
    """What arrived for one entity type of a sync: distinct page numbers and their records."""

    page_seqs: frozenset[int]
    records: int


def incomplete_types(
    totals: dict[EntityType, EntityTypeTotals], received: dict[EntityType, ReceivedPages]
) -> dict[EntityType, str]:
    """Why each entity type's snapshot is incomplete (empty when all are complete).

    Complete means: every page from 0 to ``pages - 1`` arrived (no gap, none extra) and
    the records in them add up to the count in the end marker.
    """
    problems: dict[EntityType, str] = {}
    for entity_type, expected in totals.items():
        got = received.get(entity_type, ReceivedPages(frozenset(), 0))
        missing = sorted(set(range(expected.pages)) - got.page_seqs)
        if missing:
            problems[entity_type] = f"pages missing: {missing[:5]}"
        elif len(got.page_seqs) != expected.pages:
            problems[entity_type] = f"{len(got.page_seqs)} pages arrived, {expected.pages} sent"
        elif got.records != expected.records:
            problems[entity_type] = f"{got.records} records arrived, {expected.records} sent"
    return problems


def types_to_hold(
    candidates: dict[EntityType, int], live: dict[EntityType, int], threshold: float
) -> dict[EntityType, int]:
    """Entity types whose deletions exceed ``threshold`` of their live records."""
    return {
        t: n for t, n in candidates.items() if n > 0 and live.get(t, 0) and n / live[t] > threshold
    }
