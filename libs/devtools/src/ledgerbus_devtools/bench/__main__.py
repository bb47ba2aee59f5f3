"""`python -m ledgerbus_devtools.bench`: every benchmark, one line per figure."""

from __future__ import annotations

import asyncio
import logging

from ledgerbus_devtools.bench import ledger_store, scheduler


async def main() -> None:
    logging.basicConfig(level=logging.WARNING)
    print("ledgerbus benchmarks (each figure beside a baseline measured in this run)\n")
    await ledger_store.run()
    await scheduler.run()


if __name__ == "__main__":
    asyncio.run(main())
