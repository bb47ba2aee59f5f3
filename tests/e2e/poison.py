"""Poison records for every consumed topic (hypothesis strategies) and the valid events that follow.

A poison record is one no consumer may hand to its handler: arbitrary bytes and
headers (null values included), a valid event whose binding headers are null, not
UTF-8, missing or repeated, a null or foreign key, a value that is not the type's
JSON, an unknown CloudEvents type, or a valid event of a type that travels on another
topic. Each is built to be invalid, so a consumer that hands one to its handler (or
stops on it) is wrong.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass
from decimal import Decimal

from hypothesis import strategies as st

from ledgerbus_contracts import (
    ConnectorVersionAnnounced,
    DossierUpdated,
    EntityType,
    Envelope,
    Message,
    Package,
    SyncChangesStarted,
    SyncMode,
    SyncStarted,
    SyncTrigger,
    to_kafka,
)
from ledgerbus_contracts.commands import RequestSync
from ledgerbus_contracts.packages import declared_packages
from ledgerbus_contracts.postings import (
    PostEntries,
    PostingError,
    PostingFailed,
    PostingKind,
    PostingLine,
)
from ledgerbus_contracts.registry import MESSAGE_TYPES
from ledgerbus_contracts.topics import (
    CONNECTOR_VERSIONS,
    DOSSIER_UPDATES,
    LEDGER_CHANGES,
    POSTING_STATUS,
    POSTINGS,
    SYNC_REQUESTS,
    SYNC_STATUS,
)

AT = dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.UTC)
ADMINISTRATION = "adm-poison"
Headers = tuple[tuple[str, bytes | None], ...]

PACKAGES = declared_packages().values()
POSTING_PACKAGES = [p for p in PACKAGES if p.takes_postings]
CONSUMERS: dict[str, tuple[str, ...]] = {
    SYNC_REQUESTS: tuple(p.service for p in PACKAGES),
    LEDGER_CHANGES: ("ledger-store",),
    SYNC_STATUS: ("ledger-store", "scheduler", "notifier"),
    DOSSIER_UPDATES: ("notifier",),
    CONNECTOR_VERSIONS: ("scheduler",),
    POSTINGS: tuple(f"{p.service}-postings" for p in POSTING_PACKAGES),
    POSTING_STATUS: ("ledger-store-postings", "notifier"),
}
"""Every consumer group of the platform by the logical topic it consumes."""

BINDING_HEADERS = ("ce_specversion", "ce_id", "ce_type", "ce_source", "ce_time", "ce_subject")
REQUIRED_HEADERS = BINDING_HEADERS[:4]


@dataclass(frozen=True)
class Record:
    """What is put on the topic, as a producer that ignores the contract could."""

    value: bytes | None
    key: bytes | None
    headers: Headers
    kind: str


def valid_events(topic: str) -> list[Message]:
    """Fresh valid events of ``topic`` that its consumers must handle (one per package on
    ``sync.requests`` and ``postings``, so that each connector has one of its own)."""
    tag = uuid.uuid4().hex[:12]
    if topic == SYNC_REQUESTS:
        return [
            RequestSync(
                administration_id=ADMINISTRATION,
                sync_id=f"poison-{package}-{tag}",
                tenant_id="tenant-poison",
                package=package,
                external_id="1",
                mode=SyncMode.INCREMENTAL,
                trigger=SyncTrigger.MANUAL,
                requested_at=AT,
            )
            for package in Package
        ]
    if topic == LEDGER_CHANGES:
        return [
            SyncChangesStarted(
                administration_id=ADMINISTRATION,
                sync_id=f"poison-{tag}",
                mode=SyncMode.INCREMENTAL,
                entity_types=(EntityType.GL_ACCOUNT,),
                started_at=AT,
            )
        ]
    if topic == SYNC_STATUS:
        return [
            SyncStarted(
                administration_id=ADMINISTRATION,
                sync_id=f"poison-{tag}",
                tenant_id="tenant-poison",
                package=Package.EXACT,
                at=AT,
                mode=SyncMode.INCREMENTAL,
                trigger=SyncTrigger.MANUAL,
                entity_types=(EntityType.GL_ACCOUNT,),
            )
        ]
    if topic == DOSSIER_UPDATES:
        return [
            DossierUpdated(
                administration_id=ADMINISTRATION,
                update_id=f"poison-{tag}",
                tenant_id="tenant-poison",
                active_period="2026-11",
                at=AT,
            )
        ]
    if topic == POSTINGS:
        return [
            PostEntries(
                administration_id=ADMINISTRATION,
                posting_id=f"poison-{package.name}-{tag}",
                tenant_id="tenant-poison",
                package=package.name,
                kind=PostingKind.JOURNAL_ENTRY,
                date=AT.date(),
                daybook_code="14",
                reference="poison",
                lines=(PostingLine(gl_account_code="1060", amount=Decimal("0.00")),),
                requested_at=AT,
            )
            for package in POSTING_PACKAGES
        ]
    if topic == POSTING_STATUS:
        return [
            PostingFailed(
                administration_id=ADMINISTRATION,
                posting_id=f"poison-{tag}",
                tenant_id="tenant-poison",
                package=Package.SNELSTART,
                error=PostingError(kind="refused", message="poison"),
                at=AT,
            )
        ]
    assert topic == CONNECTOR_VERSIONS, topic
    return [
        ConnectorVersionAnnounced(
            package=Package.SNELSTART, version=f"0.0.{tag}", requires_full_sync=False, at=AT
        )
    ]


def _wire(message: Message) -> tuple[bytes, bytes | None, Headers]:
    kafka = to_kafka(Envelope(data=message, source="/rogue", traceparent=TRACEPARENT))
    return kafka.value, kafka.key, tuple(kafka.headers)


TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
header_values = st.none() | st.binary(max_size=48)
header_names = st.sampled_from([*BINDING_HEADERS, "content-type", "traceparent"]) | st.text(
    max_size=12
)
not_utf8 = st.binary(min_size=1, max_size=16).map(lambda b: b"\xff" + b)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=8,
).map(lambda v: json.dumps(v).encode())


@st.composite
def arbitrary(draw: st.DrawFn) -> Record:
    """Any bytes, any key (or none), any headers with null values among them."""
    value = draw(st.none() | st.binary(max_size=200))
    # Kafka takes a record with neither, aiokafka's producer does not.
    key = draw(st.none() | st.binary(max_size=24)) if value is not None else b""
    headers = draw(st.lists(st.tuples(header_names, header_values), max_size=8))
    return Record(value, key, tuple(headers), "arbitrary bytes and headers")


@st.composite
def broken_binding(draw: st.DrawFn, topic: str) -> Record:
    """A valid event whose binding is broken: a header null, not UTF-8, missing or twice."""
    value, key, headers = _wire(draw(st.sampled_from(valid_events(topic))))
    names = [name for name, _ in headers]
    how = draw(st.sampled_from(["null", "not utf-8", "missing", "repeated"]))
    if how == "missing":
        name = draw(st.sampled_from(REQUIRED_HEADERS))
        broken = tuple(h for h in headers if h[0] != name)
    elif how == "repeated":
        name = draw(st.sampled_from(names))
        broken = (*headers, (name, draw(st.binary(max_size=16))))
    else:
        name = draw(st.sampled_from(names))
        new = None if how == "null" else draw(not_utf8)
        broken = tuple((n, new if n == name else v) for n, v in headers)
    return Record(value, key, broken, f"{name} {how}")


@st.composite
def bad_value_or_key(draw: st.DrawFn, topic: str) -> Record:
    """A valid event's headers with a null, non-JSON or wrong-shaped value, or a bad key."""
    value, key, headers = _wire(draw(st.sampled_from(valid_events(topic))))
    how = draw(st.sampled_from(["null value", "not json", "other json", "null key", "other key"]))
    if how == "null value":
        return Record(None, key, headers, how)
    if how == "not json":
        return Record(b"\x00" + draw(st.binary(max_size=64)), key, headers, how)
    if how == "other json":
        return Record(draw(json_values), key, headers, how)
    other = None if how == "null key" else b"other-" + draw(st.binary(max_size=8))
    return Record(value, other, headers, how)


@st.composite
def wrong_type(draw: st.DrawFn, topic: str) -> Record:
    """An unknown CloudEvents type, or a valid event of a type of another topic."""
    if draw(st.booleans()):
        value, key, headers = _wire(draw(st.sampled_from(valid_events(topic))))
        unknown = draw(st.text(min_size=1, max_size=20).filter(lambda t: t not in MESSAGE_TYPES))
        retyped = tuple((n, unknown.encode() if n == "ce_type" else v) for n, v in headers)
        return Record(value, key, retyped, "unknown ce_type")
    other = draw(st.sampled_from([t for t in CONSUMERS if t != topic]))
    value, key, headers = _wire(draw(st.sampled_from(valid_events(other))))
    return Record(value, key, headers, f"an event of {other}")


def poison(topic: str) -> st.SearchStrategy[Record]:
    """Any poison record for ``topic``."""
    return st.one_of(arbitrary(), broken_binding(topic), bad_value_or_key(topic), wrong_type(topic))
