"""The CloudEvents 1.0 Kafka protocol binding, binary content mode.

Pure functions from an :class:`Envelope` to a :class:`KafkaMessage` and back. They
work with any Kafka client: no Kafka library is imported here. Attributes travel as
``ce_*`` headers, the JSON payload as the value, the administration id as the key,
and the W3C trace context as a ``traceparent`` header.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from pydantic import ValidationError

from ledgerbus_contracts.envelope import Envelope
from ledgerbus_contracts.message import Message
from ledgerbus_contracts.registry import MESSAGE_TYPES

SPEC_VERSION = "1.0"
CONTENT_TYPE = "application/json"
_BINDING_HEADERS = frozenset({"content-type", "traceparent", "tracestate"})

Headers = Sequence[tuple[str, bytes]]

PayloadValidator = Callable[[type[Message], bytes], Message]
"""Validates a payload's JSON as the message type its ``ce_type`` names (raising pydantic's
``ValidationError`` if it is not one)."""


def validate_payload(cls: type[Message], value: bytes) -> Message:
    """The contract's own validation: the model's ``model_validate_json``."""
    return cls.model_validate_json(value)


@dataclass(frozen=True)
class KafkaMessage:
    """What goes onto a Kafka topic: key, value and headers."""

    key: bytes | None
    value: bytes
    headers: tuple[tuple[str, bytes], ...]

    def header(self, name: str) -> str | None:
        """The first header with that name, decoded, or None."""
        for key, value in self.headers:
            if key == name:
                return value.decode("utf-8", errors="replace")
        return None


class InvalidMessage(ValueError):
    """A Kafka message that is not a valid event of the contract; ``reason`` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def to_kafka(envelope: Envelope[Message]) -> KafkaMessage:
    """Turn an envelope into a Kafka message in CloudEvents binary mode."""
    headers: list[tuple[str, bytes]] = [
        ("ce_specversion", SPEC_VERSION.encode()),
        ("ce_id", envelope.id.encode()),
        ("ce_type", envelope.type.encode()),
        ("ce_source", envelope.source.encode()),
        ("ce_time", envelope.time.isoformat().encode()),
        ("ce_subject", envelope.subject.encode()),
        ("content-type", CONTENT_TYPE.encode()),
    ]
    if envelope.traceparent:
        headers.append(("traceparent", envelope.traceparent.encode()))
    if envelope.tracestate:
        headers.append(("tracestate", envelope.tracestate.encode()))
    return KafkaMessage(
        key=envelope.data.key.encode(),
        value=envelope.data.model_dump_json().encode(),
        headers=tuple(headers),
    )


def from_kafka(
    value: bytes | None,
    headers: Iterable[tuple[str, bytes | None]],
    key: bytes | None = None,
    *,
    validate: PayloadValidator = validate_payload,
) -> Envelope[Message]:
    """Turn a Kafka message back into an envelope.

    Raises :class:`InvalidMessage`, whose reason says what is wrong, if it is not one:
    a binding header that is null, not UTF-8 or repeated, a missing or unknown
    attribute, a value that is not the type's JSON, or a key that is not the payload's.
    Headers outside the binding (not ``ce_*``, ``content-type`` or trace context) are
    not looked at. ``validate`` may be a faster validator of the same contract.
    """
    attrs = _attributes(headers)
    for required in ("ce_specversion", "ce_id", "ce_type", "ce_source"):
        if not attrs.get(required):
            raise InvalidMessage(f"missing CloudEvents header {required!r}")
    if attrs["ce_specversion"] != SPEC_VERSION:
        raise InvalidMessage(f"unsupported ce_specversion {attrs['ce_specversion']!r}")
    content_type = attrs.get("content-type")
    if content_type is not None and content_type.split(";")[0].strip() != CONTENT_TYPE:
        raise InvalidMessage(f"unsupported content-type {content_type!r}")
    cls = MESSAGE_TYPES.get(attrs["ce_type"])
    if cls is None:
        raise InvalidMessage(f"unknown ce_type {attrs['ce_type']!r}")
    if value is None:
        raise InvalidMessage("empty value")
    try:
        data = validate(cls, value)
    except ValidationError as exc:
        raise InvalidMessage(f"{attrs['ce_type']} payload is invalid: {_summarise(exc)}") from exc
    if key is not None and key.decode("utf-8", errors="replace") != data.key:
        raise InvalidMessage(f"key {key!r} does not match the payload's key {data.key!r}")
    return Envelope(
        data=data,
        source=attrs["ce_source"],
        id=attrs["ce_id"],
        time=_parse_time(attrs.get("ce_time")),
        traceparent=attrs.get("traceparent"),
        tracestate=attrs.get("tracestate"),
    )


def _attributes(headers: Iterable[tuple[str, bytes | None]]) -> dict[str, str]:
    """The binding's headers, decoded; any of them null, not UTF-8 or twice is invalid."""
    attrs: dict[str, str] = {}
    for name, raw in headers:
        if not (name.startswith("ce_") or name in _BINDING_HEADERS):
            continue
        if raw is None:
            raise InvalidMessage(f"header {name!r} has a null value")
        if name in attrs:
            raise InvalidMessage(f"header {name!r} appears more than once")
        try:
            attrs[name] = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InvalidMessage(f"header {name!r} is not UTF-8") from exc
    return attrs


def _parse_time(raw: str | None) -> dt.datetime:
    if not raw:
        return dt.datetime.now(dt.UTC)
    try:
        return dt.datetime.fromisoformat(raw)
    except ValueError as exc:
        raise InvalidMessage(f"ce_time {raw!r} is not an RFC 3339 time") from exc


def _summarise(exc: ValidationError, limit: int = 3) -> str:
    parts = [
        f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()[:limit]
    ]
    more = exc.error_count() - limit
    return "; ".join(parts) + (f" (and {more} more)" if more > 0 else "")
