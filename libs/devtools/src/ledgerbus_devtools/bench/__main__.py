"""`python -m ledgerbus_devtools.bench`: every benchmark, one line per figure.

Each service keeps its own benchmark beside its code (``ledgerbus_ledger_store.bench``,
``ledgerbus_scheduler.bench``); the connector's lives here because it runs a sandbox
and a connector as separate processes.
"""

from __future__ import annotations

import asyncio
import logging
import os

from ledgerbus_devtools.bench import connector, end_to_end, night, scaling
from ledgerbus_ledger_store import bench as ledger_store
from ledgerbus_scheduler import bench as scheduler

# The sizes; `BENCH_END_TO_END_LINES=20000` (comma-separated) for a quick run.
END_TO_END_SIZES = tuple(
    int(n) for n in os.environ.get("BENCH_END_TO_END_LINES", "100000,1000000").split(",")
)


async def main() -> None:
    logging.basicConfig(level=logging.WARNING)
    print("ledgerbus benchmarks (each figure beside a baseline measured in this run)\n")
    for line in (await ledger_store.run()).lines():
        print(line, flush=True)
    print()
    await scheduler.run()
    print()
    await connector.run()
    print()
    await end_to_end.run(END_TO_END_SIZES)
    print()
    await night.run()  # BENCH_NIGHT_ADMINISTRATIONS (default 100 a package)
    print()
    await scaling.run()  # BENCH_SCALING_LINES, BENCH_SCALING_CONNECTOR_LINES


if __name__ == "__main__":
    asyncio.run(main())
