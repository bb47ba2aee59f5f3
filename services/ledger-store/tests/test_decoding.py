"""Pages of upserts are validated and encoded in worker processes, exactly as in-process."""

from __future__ import annotations

import dataclasses
import os
import signal
from collections.abc import AsyncIterator

import pytest
from aiokafka import ConsumerRecord

from ledgerbus_contracts import EntitiesUpserted, Envelope, to_kafka
from ledgerbus_ledger_store.adapters.staging import StagedPage, stage_page
from ledgerbus_ledger_store.benchdata import sync_events, transaction_lines
from ledgerbus_ledger_store.entrypoints.decoding import PageDecoder
from ledgerbus_ledger_store.testing import KILLER, decode_or_die
from ledgerbus_servicekit.kafka.consumer import Delivery

TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"


def consumer_record(
    value: bytes, headers: tuple[tuple[str, bytes], ...], key: bytes | None
) -> ConsumerRecord:
    return ConsumerRecord(
        topic="ledger.changes",
        partition=0,
        offset=7,
        timestamp=0,
        timestamp_type=0,
        key=key,
        value=value,
        checksum=None,
        serialized_key_size=0,
        serialized_value_size=len(value),
        headers=headers,
    )


def kafka_records(count: int) -> tuple[list[ConsumerRecord], EntitiesUpserted]:
    events = sync_events("sync-1", transaction_lines(count))
    records = []
    for event in events:
        message = to_kafka(Envelope(data=event, source="/test", traceparent=TRACEPARENT))
        records.append(consumer_record(message.value, message.headers, message.key))
    page = next(e for e in events if isinstance(e, EntitiesUpserted))
    return records, page


@pytest.fixture
async def decoder() -> AsyncIterator[PageDecoder]:
    async with PageDecoder(workers=1) as started:
        yield started


async def test_a_page_decoded_by_a_worker_is_staged_as_it_is_in_process(
    decoder: PageDecoder,
) -> None:
    records, page = kafka_records(3)
    started, upserted, ended = await decoder(records)
    assert isinstance(upserted, Delivery)
    assert upserted.prepared == stage_page(
        page.sync_id, page.administration_id, page.entity_type, page.page_seq, page.records
    )
    assert upserted.message == page.model_copy(update={"records": []})
    assert (upserted.envelope.traceparent, upserted.offset) == (TRACEPARENT, 7)
    assert isinstance(started, Delivery) and started.prepared is None
    assert isinstance(ended, Delivery) and ended.prepared is None


async def test_an_invalid_page_gives_the_reason(decoder: PageDecoder) -> None:
    records, _ = kafka_records(1)
    page = records[1]
    broken = page.value.replace(b'"amount":"', b'"amount":"not a number')
    assert broken != page.value
    [outcome] = await decoder([dataclasses.replace(page, value=broken)])
    assert isinstance(outcome, str)
    assert "payload is invalid" in outcome and "amount" in outcome


async def test_a_worker_that_dies_is_replaced_and_the_batch_decoded(
    decoder: PageDecoder,
) -> None:
    records, _ = kafka_records(2)
    [killed] = decoder.worker_pids()
    os.kill(killed, signal.SIGKILL)
    outcomes = await decoder(records)
    assert [isinstance(o, Delivery) for o in outcomes] == [True, True, True]
    assert isinstance(outcomes[1], Delivery) and isinstance(outcomes[1].prepared, StagedPage)
    assert decoder.worker_pids() and decoder.worker_pids() != [killed]


async def test_a_page_that_kills_its_worker_every_time_gets_a_reason_and_the_rest_decodes() -> None:
    records, _ = kafka_records(1)
    killer = dataclasses.replace(records[1], value=KILLER, offset=8)
    async with PageDecoder(workers=1, attempts=1, decode=decode_or_die) as decoder:
        started, killed, upserted, ended = await decoder([records[0], killer, *records[1:]])
        assert decoder.worker_pids()
    assert killed == "decoding this record killed its worker process (attempts: 1)"
    assert isinstance(started, Delivery) and isinstance(ended, Delivery)
    assert isinstance(upserted, Delivery) and isinstance(upserted.prepared, StagedPage)
