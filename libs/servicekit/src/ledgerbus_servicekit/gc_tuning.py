"""The garbage collector's thresholds for services that decode many small objects.

Decoding a page of 500 records makes tens of thousands of short-lived objects. With
CPython's default thresholds (700, 10, 10) the collector then runs full collections
over the whole heap (every imported module included) several times a second; in the
ledger-store that was about a quarter of its CPU time (``make bench``). Our objects
rarely form reference cycles, so collecting less often costs little memory there.
A connector's memory, on the other hand, grew from 94 to 392 MB over a million lines
with a higher threshold, so the default (0) keeps Python's own thresholds and each
service opts in after measuring both speed and memory with ``make bench``.
"""

from __future__ import annotations

import gc

OLDER_GENERATIONS = (20, 10)


def tune_garbage_collector(young_threshold: int) -> None:
    """Collect the youngest generation after ``young_threshold`` allocations (0: defaults)."""
    if young_threshold > 0:
        gc.set_threshold(young_threshold, *OLDER_GENERATIONS)
