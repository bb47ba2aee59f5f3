"""Publishes a sync's status events: started, progressed, paused, failed."""

from __future__ import annotations

import datetime as dt

from ledgerbus_contracts import (
    EntityType,
    ErrorKind,
    RequestSync,
    SyncError,
    SyncFailed,
    SyncPaused,
    SyncProgressed,
    SyncStarted,
)
from ledgerbus_servicekit import Clock, EventPublisher


class StatusReporter:
    """Status events of one sync, with the request's identifying fields filled in."""

    def __init__(self, publisher: EventPublisher, request: RequestSync, clock: Clock) -> None:
        self.publisher = publisher
        self.request = request
        self.clock = clock

    def _common(self) -> dict[str, object]:
        r = self.request
        return {
            "administration_id": r.administration_id,
            "sync_id": r.sync_id,
            "tenant_id": r.tenant_id,
            "package": r.package,
            "at": self.clock.now(),
        }

    async def started(self, entity_types: tuple[EntityType, ...]) -> None:
        """The connector began the sync."""
        await self.publisher.publish(
            SyncStarted.model_validate(
                {
                    **self._common(),
                    "mode": self.request.mode,
                    "trigger": self.request.trigger,
                    "entity_types": entity_types,
                }
            ),
            event_id=f"{self.request.sync_id}:status:started",
        )

    async def progressed(self, entity_type: EntityType, records: int, expected: int | None) -> None:
        """Records read so far for one entity type."""
        await self.publisher.publish(
            SyncProgressed.model_validate(
                {
                    **self._common(),
                    "entity_type": entity_type,
                    "records": records,
                    "expected": expected,
                }
            )
        )

    async def paused(self, resume_at: dt.datetime, reason: str) -> None:
        """The sync waits for the rate limit until ``resume_at``."""
        await self.publisher.publish(
            SyncPaused.model_validate({**self._common(), "resume_at": resume_at, "reason": reason})
        )

    async def failed(self, kind: ErrorKind, message: str) -> SyncError:
        """The sync ended without completing."""
        error = SyncError(kind=kind, message=message)
        await self.publisher.publish(
            SyncFailed.model_validate({**self._common(), "error": error}),
            event_id=f"{self.request.sync_id}:status:failed",
        )
        return error
