"""Topic names and key conventions.

Every message is keyed by its administration id, so that all events of one
administration land on one partition and stay in order. Tests and parallel
environments use a prefix so that their topics never collide.
"""

from __future__ import annotations

from dataclasses import dataclass

SYNC_REQUESTS = "sync.requests"
LEDGER_CHANGES = "ledger.changes"
SYNC_STATUS = "sync.status"
DOSSIER_UPDATES = "dossier.updates"
CONNECTOR_VERSIONS = "connector.versions"
POSTINGS = "postings"
POSTING_STATUS = "posting.status"

ALL_TOPICS = (
    SYNC_REQUESTS,
    LEDGER_CHANGES,
    SYNC_STATUS,
    DOSSIER_UPDATES,
    CONNECTOR_VERSIONS,
    POSTINGS,
    POSTING_STATUS,
)
"""The logical topics every environment has."""


@dataclass(frozen=True)
class Topics:
    """Physical topic names for one environment: the logical names behind ``prefix``."""

    prefix: str = ""

    def name(self, logical: str) -> str:
        """The physical name of a logical topic."""
        return f"{self.prefix}{logical}"

    def dead_letter(self, consumer: str) -> str:
        """The dead-letter topic of one consumer (one per consumer group)."""
        return f"{self.prefix}dlq.{consumer}"

    @property
    def sync_requests(self) -> str:
        """Commands to sync an administration."""
        return self.name(SYNC_REQUESTS)

    @property
    def ledger_changes(self) -> str:
        """Entity upserts and deletes, framed by start and end markers."""
        return self.name(LEDGER_CHANGES)

    @property
    def sync_status(self) -> str:
        """Sync started, progressed, paused, completed, failed."""
        return self.name(SYNC_STATUS)

    @property
    def dossier_updates(self) -> str:
        """Changes of the dossier fields shown to clients."""
        return self.name(DOSSIER_UPDATES)

    @property
    def connector_versions(self) -> str:
        """Connectors announcing new versions."""
        return self.name(CONNECTOR_VERSIONS)

    @property
    def postings(self) -> str:
        """Commands to book a posting in the package."""
        return self.name(POSTINGS)

    @property
    def posting_status(self) -> str:
        """Postings succeeded or failed."""
        return self.name(POSTING_STATUS)

    def all(self) -> list[str]:
        """Every logical topic's physical name."""
        return [self.name(t) for t in ALL_TOPICS]
