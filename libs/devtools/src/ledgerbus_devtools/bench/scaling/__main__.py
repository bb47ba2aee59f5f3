"""`python -m ledgerbus_devtools.bench.scaling`: the scaling benches alone."""

import asyncio
import logging

from ledgerbus_devtools.bench.scaling import run

logging.basicConfig(level=logging.WARNING)
asyncio.run(run())
