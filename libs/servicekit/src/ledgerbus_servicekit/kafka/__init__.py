"""aiokafka lifecycles: topic creation, an event publisher and a consumer loop with a DLQ."""

from ledgerbus_servicekit.kafka.admin import delete_topics_with_prefix, ensure_topics
from ledgerbus_servicekit.kafka.consumer import Delivery, EventConsumer, RetryableError
from ledgerbus_servicekit.kafka.publisher import EventPublisher

__all__ = [
    "Delivery",
    "EventConsumer",
    "EventPublisher",
    "RetryableError",
    "delete_topics_with_prefix",
    "ensure_topics",
]
