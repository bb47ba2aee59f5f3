"""Staging a page of upserts straight from its JSON, without the contract's models.

:func:`stage_json_page` decodes a page with the structs of :mod:`.page_structs` and
encodes its rows for ``COPY``, with ``raw`` copied as it arrived. It answers None for
anything the structs refuse, or a record of another type than its page's: the
contract's own models then decide, and give the reason an invalid page is refused.
"""

from __future__ import annotations

import msgspec

from ledgerbus_contracts import EntitiesUpserted, Message
from ledgerbus_contracts.kafka import validate_payload
from ledgerbus_ledger_store.adapters.page_structs import ENTITY_STRUCTS, page_decoder
from ledgerbus_ledger_store.adapters.staging import StagedPage, encode_rows
from ledgerbus_ledger_store.adapters.tables import table_for


def stage_json_page(value: bytes) -> tuple[EntitiesUpserted, StagedPage] | None:
    """The page without its records, and its staged rows; None if the models must decide."""
    try:
        page = page_decoder.decode(value)
    except (msgspec.ValidationError, msgspec.DecodeError):
        return None
    struct = ENTITY_STRUCTS[page.entity_type]
    if not all(type(record) is struct for record in page.records):
        return None
    message = EntitiesUpserted(
        administration_id=page.administration_id,
        sync_id=page.sync_id,
        entity_type=page.entity_type,
        page_seq=page.page_seq,
        records=[],
    )
    staged = StagedPage(
        sync_id=page.sync_id,
        administration_id=page.administration_id,
        entity_type=page.entity_type,
        page_seq=page.page_seq,
        source_ids=tuple(record.source_id for record in page.records),
        rows=encode_rows(table_for(page.entity_type), page.records, page.sync_id),
    )
    return message, staged


class FastPageValidator:
    """A payload validator that stages pages of upserts as it validates them.

    The staged page of the last message it validated fast is in :attr:`staged`.
    """

    def __init__(self) -> None:
        self.staged: StagedPage | None = None

    def __call__(self, cls: type[Message], value: bytes) -> Message:
        self.staged = None
        if cls is EntitiesUpserted and (fast := stage_json_page(value)) is not None:
            message, self.staged = fast
            return message
        return validate_payload(cls, value)
