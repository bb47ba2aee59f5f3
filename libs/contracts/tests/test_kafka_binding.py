import datetime as dt
import json
from decimal import Decimal

import pytest

from ledgerbus_contracts import (
    EntitiesUpserted,
    Envelope,
    InvalidMessage,
    Package,
    RequestSync,
    SyncMode,
    SyncTrigger,
    from_kafka,
    sync_request_message,
    to_kafka,
)
from ledgerbus_contracts.entities import TransactionLine

NOW = dt.datetime(2026, 11, 23, 1, 30, tzinfo=dt.UTC)


def _request() -> RequestSync:
    return RequestSync(
        administration_id="adm-1",
        sync_id="sync-1",
        tenant_id="t1",
        package=Package.EXACT,
        external_id="100001",
        mode=SyncMode.FULL,
        trigger=SyncTrigger.MANUAL,
        requested_at=NOW,
    )


def test_binary_mode_headers_key_and_round_trip() -> None:
    envelope = Envelope(data=_request(), source="/scheduler", time=NOW, traceparent="00-ab-cd-01")
    message = to_kafka(envelope)

    assert message.key == b"adm-1"
    assert message.header("ce_specversion") == "1.0"
    assert message.header("ce_type") == "ledgerbus.sync.requested.v1"
    assert message.header("ce_id") == "sync-1"
    assert message.header("ce_source") == "/scheduler"
    assert message.header("content-type") == "application/json"
    assert message.header("traceparent") == "00-ab-cd-01"
    assert json.loads(message.value)["mode"] == "full"

    back = from_kafka(message.value, message.headers, message.key)
    assert back == envelope


def test_amounts_stay_decimal_through_the_wire() -> None:
    line = TransactionLine(
        administration_id="adm-1",
        source_id="l1",
        source_version=7,
        entry_id="e1",
        date=dt.date(2026, 1, 2),
        gl_account_code="8000",
        amount=Decimal("0.10"),
    )
    page = EntitiesUpserted(
        administration_id="adm-1",
        sync_id="s",
        entity_type=line.entity_type,
        page_seq=0,
        records=[line],
    )
    message = to_kafka(Envelope(data=page, source="/test"))
    assert json.loads(message.value)["records"][0]["amount"] == "0.10"
    back = from_kafka(message.value, message.headers)
    assert isinstance(back.data, EntitiesUpserted)
    record = back.data.records[0]
    assert isinstance(record, TransactionLine)
    assert record.amount == Decimal("0.10")
    assert back.id == "s:transaction_line:upsert:0"


@pytest.mark.parametrize(
    ("mutate", "reason"),
    [
        (
            lambda h, v: ([x for x in h if x[0] != "ce_type"], v),
            "missing CloudEvents header 'ce_type'",
        ),
        (
            lambda h, v: ([(k, b"nope.v1" if k == "ce_type" else x) for k, x in h], v),
            "unknown ce_type",
        ),
        (lambda h, v: (h, b"{not json"), "payload is invalid"),
        (lambda h, v: (h, b'{"administration_id": "adm-1"}'), "sync_id: Field required"),
        (lambda h, v: (h, b"\xff\xfe{}"), "payload is invalid"),
        (lambda h, v: (h, None), "empty value"),
        (
            lambda h, v: ([(k, None if k == "ce_id" else x) for k, x in h], v),
            "header 'ce_id' has a null value",
        ),
        (lambda h, v: ([*h, ("traceparent", None)], v), "header 'traceparent' has a null value"),
        (
            lambda h, v: ([(k, b"\xffsync" if k == "ce_type" else x) for k, x in h], v),
            "header 'ce_type' is not UTF-8",
        ),
        (lambda h, v: ([*h, ("ce_type", b"other.v1")], v), "'ce_type' appears more than once"),
        (
            lambda h, v: ([(k, b"text/plain" if k == "content-type" else x) for k, x in h], v),
            "unsupported content-type 'text/plain'",
        ),
    ],
)
def test_invalid_messages_say_what_is_wrong(mutate, reason) -> None:  # type: ignore[no-untyped-def]
    message = to_kafka(Envelope(data=_request(), source="/test"))
    headers, value = mutate(list(message.headers), message.value)
    with pytest.raises(InvalidMessage) as info:
        from_kafka(value, headers)
    assert reason in info.value.reason


def test_headers_outside_the_binding_are_not_judged() -> None:
    message = to_kafka(Envelope(data=_request(), source="/test", traceparent="00-ab-cd-01"))
    headers = [*message.headers, ("x-null", None), ("x-bytes", b"\xff\x00")]
    assert from_kafka(message.value, headers, message.key).data == _request()


def test_key_must_match_the_payload() -> None:
    message = to_kafka(Envelope(data=_request(), source="/test"))
    with pytest.raises(InvalidMessage, match="does not match"):
        from_kafka(message.value, message.headers, b"adm-2")


def test_sync_request_helper_refuses_unsupported_entity_types() -> None:
    with pytest.raises(ValueError, match="cost_unit"):
        sync_request_message(
            administration_id="a",
            tenant_id="t",
            package="snelstart",
            external_id="x",
            source="/other-service",
            entity_types=["gl_account", "cost_unit"],
        )
    message = sync_request_message(
        administration_id="a",
        tenant_id="t",
        package="exact",
        external_id="1",
        source="/other-service",
        entity_types=["gl_account"],
        now=NOW,
    )
    command = from_kafka(message.value, message.headers, message.key).data
    assert isinstance(command, RequestSync)
    assert command.entity_types == ("gl_account",)
    assert command.trigger == SyncTrigger.POSTING
