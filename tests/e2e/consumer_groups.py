"""Who in a consumer group owns which partitions, and where an administration's key lands."""

from __future__ import annotations

import itertools

from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.coordinator.protocol import ConsumerProtocolMemberAssignment
from aiokafka.partitioner import DefaultPartitioner


async def assignment(bootstrap: str, group: str) -> dict[str, set[int]]:
    """Each member of a stable group with the partitions it was assigned (any topic)."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        [response] = await admin.describe_consumer_groups([group])
    finally:
        await admin.close()
    [described] = response.groups
    _error, _group, state, _protocol_type, _protocol, members, *_ = described
    if state != "Stable":
        return {}
    owned: dict[str, set[int]] = {}
    for member_id, _client_id, _host, _metadata, raw in members:
        decoded = ConsumerProtocolMemberAssignment.decode(raw)
        owned[member_id] = {p for _topic, partitions in decoded.assignment for p in partitions}
    return owned


def partition_of(key: str, partitions: int) -> int:
    """The partition the platform's producers put a message keyed ``key`` on."""
    every = list(range(partitions))
    return int(DefaultPartitioner()(key.encode(), every, every))


def keys_spread_over(count: int, partitions: int, groups: list[int], prefix: str) -> list[str]:
    """``count`` keys that reach every member of groups of the given sizes.

    A round-robin assignment gives member ``k`` of ``m`` the partitions ``k, k + m, ...``, so
    keys whose partitions cover every remainder modulo ``m`` land on every member.
    """
    candidates = [f"{prefix}-{n}" for n in range(64)]
    for chosen in itertools.combinations(candidates, count):
        found = [partition_of(key, partitions) for key in chosen]
        if all({p % m for p in found} == set(range(m)) for m in groups):
            return list(chosen)
    raise ValueError(f"no {count} keys reach every member of groups of {groups}")
