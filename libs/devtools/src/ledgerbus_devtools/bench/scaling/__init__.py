"""Scale with partitions: the ledger-store and connector-exact with 1, 2 and 4 replicas.

- :mod:`.ledger_store`: applied changes/s with as many partitions of ``ledger.changes``
  as ledger-store replicas, beside 1 partition and 1 replica and a plain COPY;
- :mod:`.connector`: connector-exact's records/s into Kafka with 1, 2 and 4
  administrations synced at once, by one replica and by as many replicas as
  administrations, beside a single administration.

Sizes: ``BENCH_SCALING_LINES`` (ledger-store, lines in all, default 200,000),
``BENCH_SCALING_CONNECTOR_LINES`` (connector, lines per administration, default 50,000)
and ``BENCH_SCALING_REPLICAS`` (default ``1,2,4``). Every replica is its own process;
each process's output is in the temp dir's ``ledgerbus-bench/scaling-*.log``.
``python -m ledgerbus_devtools.bench.scaling`` runs this bench alone.
"""

from __future__ import annotations

from ledgerbus_devtools.bench.scaling import connector, ledger_store


async def run() -> None:
    """Print both benches' figures."""
    await ledger_store.run()
    print(flush=True)
    await connector.run()
