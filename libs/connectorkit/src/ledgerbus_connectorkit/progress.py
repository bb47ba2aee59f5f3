"""A sync's durable progress: what was published per entity type and where to resume."""

from __future__ import annotations

from pydantic import BaseModel, Field

from ledgerbus_contracts import EntityType


class StreamProgress(BaseModel):
    """How far one entity type got within a sync."""

    records: int = 0
    pages: int = 0
    deletions: int = 0
    delete_pages: int = 0
    resume_url: str | None = None
    resume_params: dict[str, str] | None = None
    cursor_max: str | None = None
    expected: int | None = None
    done: bool = False


class JobProgress(BaseModel):
    """How far a whole sync got; saved after every published page."""

    started: bool = False
    streams: dict[EntityType, StreamProgress] = Field(default_factory=dict)
    deletions_resume_url: str | None = None
    deletions_resume_params: dict[str, str] | None = None
    deletions_cursor_max: str | None = None
    deletions_done: bool = False
    ended: bool = False

    def stream(self, entity_type: EntityType) -> StreamProgress:
        """The progress of one entity type, created on first use."""
        return self.streams.setdefault(entity_type, StreamProgress())
