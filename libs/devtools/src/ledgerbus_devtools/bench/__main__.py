"""`python -m ledgerbus_devtools.bench`: every benchmark, one line per figure.

Each service keeps its own benchmark beside its code (``ledgerbus_ledger_store.bench``,
``ledgerbus_scheduler.bench``); the connector's lives here because it runs a sandbox
and a connector as separate processes.
"""

from __future__ import annotations

import asyncio
import logging

from ledgerbus_devtools.bench import connector
from ledgerbus_ledger_store import bench as ledger_store
from ledgerbus_scheduler import bench as scheduler


async def main() -> None:
    logging.basicConfig(level=logging.WARNING)
    print("ledgerbus benchmarks (each figure beside a baseline measured in this run)\n")
    for line in (await ledger_store.run()).lines():
        print(line, flush=True)
    print()
    await scheduler.run()
    print()
    await connector.run()


if __name__ == "__main__":
    asyncio.run(main())
