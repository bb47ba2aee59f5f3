"""Events on ``connector.versions``: a connector announces a new version."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from ledgerbus_contracts.capabilities import Package
from ledgerbus_contracts.message import Message
from ledgerbus_contracts.topics import CONNECTOR_VERSIONS


class ConnectorVersionAnnounced(Message):
    """A connector runs a new version; ``requires_full_sync`` asks for a full sync of all."""

    event_type: ClassVar[str] = "ledgerbus.connector.version-announced.v1"
    topic: ClassVar[str] = CONNECTOR_VERSIONS

    package: Package
    version: str
    requires_full_sync: bool
    at: dt.datetime

    @property
    def key(self) -> str:
        """Keyed by package."""
        return str(self.package)

    def default_id(self) -> str:
        """One announcement per package and version."""
        return f"{self.package}:{self.version}"
