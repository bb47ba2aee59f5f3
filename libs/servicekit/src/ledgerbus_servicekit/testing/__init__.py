"""Test support against the real Kafka and PostgreSQL: fixtures and helpers.

The root ``conftest.py`` loads :mod:`ledgerbus_servicekit.testing.fixtures`. Every
test gets its own topic prefix and database schema, so tests never disturb each
other or a running ``make run``.
"""

from ledgerbus_servicekit.testing.helpers import (
    TopicReader,
    eventually,
    free_port,
    running_app,
    served_app,
)

__all__ = ["TopicReader", "eventually", "free_port", "running_app", "served_app"]
