"""The scaling bench's helpers: administrations spread over partitions as Kafka keys them."""

from __future__ import annotations

from aiokafka.partitioner import DefaultPartitioner

from ledgerbus_devtools.bench.scaling.shared import (
    counter_sum,
    partition_of,
    plural,
    spread_administrations,
)


def test_the_administrations_land_on_every_partition() -> None:
    four = spread_administrations(4)
    assert len(set(four)) == 4
    assert sorted(partition_of(a, 4) for a in four) == [0, 1, 2, 3]
    assert sorted(partition_of(a, 2) for a in four) == [0, 0, 1, 1]
    assert [partition_of(a, 2) for a in spread_administrations(2)] == [0, 1]


def test_partitions_are_the_producers() -> None:
    partitions = list(range(4))
    for administration in spread_administrations(4):
        key = administration.encode()
        assert partition_of(administration, 4) == DefaultPartitioner()(key, partitions, partitions)


def test_a_counter_is_summed_over_its_labels() -> None:
    exposition = "\n".join(
        [
            "# HELP ledgerbus_records_read_total Records a connector read.",
            "# TYPE ledgerbus_records_read_total counter",
            'ledgerbus_records_read_total{entity_type="transaction_line",package="exact"} 1500.0',
            'ledgerbus_records_read_total{entity_type="gl_account",package="exact"} 60.0',
            'ledgerbus_records_read_created{entity_type="gl_account",package="exact"} 1.7e9',
            "ledgerbus_records_applied_total 7.0",
        ]
    )
    assert counter_sum(exposition, "ledgerbus_records_read_total") == 1560.0
    assert counter_sum(exposition, "ledgerbus_records_applied_total") == 7.0
    assert counter_sum(exposition, "ledgerbus_records_deleted_total") == 0.0
    assert plural(1, "replica") == "1 replica"
    assert plural(4, "replica") == "4 replicas"
