"""Create topics idempotently on start-up."""

from __future__ import annotations

import logging

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError

from ledgerbus_servicekit.kafka.security import PLAINTEXT, KafkaSecurity, connect_or_explain

log = logging.getLogger(__name__)


async def ensure_topics(
    bootstrap_servers: str,
    names: list[str],
    *,
    partitions: int,
    replication_factor: int = 1,
    retention_ms: int | None = None,
    security: KafkaSecurity = PLAINTEXT,
) -> list[str]:
    """Create the topics that do not exist yet; return the names created."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap_servers, **security.client_options())
    try:
        await connect_or_explain(admin.start, bootstrap_servers, security)
        existing = set(await admin.list_topics())
        missing = [n for n in dict.fromkeys(names) if n not in existing]
        if not missing:
            return []
        config = {"max.message.bytes": str(8 * 1024 * 1024)}
        if retention_ms is not None:
            config["retention.ms"] = str(retention_ms)
        new = [NewTopic(n, partitions, replication_factor, topic_configs=config) for n in missing]
        try:
            response = await admin.create_topics(new)
        except TopicAlreadyExistsError:
            return []
        created = []
        for name, code, *_ in getattr(response, "topic_errors", []):
            if code == 0:
                created.append(name)
            elif code != TopicAlreadyExistsError.errno:
                raise RuntimeError(f"could not create topic {name}: error code {code}")
        log.info("created topics %s", created)
        return created
    finally:
        await admin.close()


async def delete_topics_with_prefix(
    bootstrap_servers: str, prefix: str, *, security: KafkaSecurity = PLAINTEXT
) -> list[str]:
    """Delete every topic whose name starts with ``prefix`` (tests and benchmarks clean up).

    An empty prefix is refused: it would name every topic on the broker.
    """
    if not prefix:
        raise ValueError("refusing to delete topics with an empty prefix")
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap_servers, **security.client_options())
    await admin.start()
    try:
        doomed = [name for name in await admin.list_topics() if name.startswith(prefix)]
        if doomed:
            await admin.delete_topics(doomed)
        return doomed
    finally:
        await admin.close()
