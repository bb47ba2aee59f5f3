"""Events on ``dossier.updates``: what the client of an administration is shown."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from ledgerbus_contracts.message import AdministrationMessage
from ledgerbus_contracts.topics import DOSSIER_UPDATES


class DossierUpdated(AdministrationMessage):
    """The dossier fields of an administration changed."""

    event_type: ClassVar[str] = "ledgerbus.dossier.updated.v1"
    topic: ClassVar[str] = DOSSIER_UPDATES

    update_id: str
    tenant_id: str
    bookkeeping_updated_until: dt.date | None = None
    active_period: str | None = None
    booking_proposal_counter_reset: bool = False
    notify_client: bool = False
    sync_id: str | None = None
    at: dt.datetime

    def default_id(self) -> str:
        """The update id: the outbox publishes each update once."""
        return self.update_id
