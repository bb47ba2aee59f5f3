"""``sync/Deleted``: Exact's report of hard-deleted records, by rowversion Timestamp."""

from __future__ import annotations

from typing import Any

from ledgerbus_connector_exact.exact.base import next_link, results
from ledgerbus_connectorkit import DeletionStream, PageRequest, StreamContext
from ledgerbus_contracts import DeletedRecord, EntityType

DELETED_ENTITY_TYPES: dict[int, EntityType] = {
    1: EntityType.TRANSACTION_LINE,
    2: EntityType.CONTACT,
    7: EntityType.GL_ACCOUNT,
    10: EntityType.PAYMENT_TERM,
    21: EntityType.PROJECT,
}
"""Exact's ``EntityType`` codes of the types we mirror; the other codes are ignored."""


class ExactDeletions(DeletionStream):
    """Deletions since the cursor, mapped to contract entity types."""

    path = "sync/Deleted"

    def first_page(self, context: StreamContext) -> PageRequest:
        """``Timestamp gt <cursor>L`` (``gt 1`` the first time)."""
        return PageRequest(
            f"/api/v1/{context.external_id}/{self.path}",
            {
                "$filter": f"Timestamp gt {context.cursor or 1}L",
                "$select": "ID,EntityKey,EntityType,Timestamp",
            },
        )

    def deletions(self, payload: Any) -> list[tuple[EntityType | None, DeletedRecord, str]]:
        """(type, record, cursor) per deletion; a type we do not mirror comes as None."""
        found: list[tuple[EntityType | None, DeletedRecord, str]] = []
        for raw in results(payload):
            timestamp = str(raw["Timestamp"])
            record = DeletedRecord(source_id=str(raw["EntityKey"]), source_version=int(timestamp))
            found.append((DELETED_ENTITY_TYPES.get(int(raw["EntityType"])), record, timestamp))
        return found

    def next_page(self, payload: Any) -> PageRequest | None:
        """Follow ``d.__next``."""
        return next_link(payload)
