"""Collect every credential a sandbox receives or issues, and look for them in a run's output.

:class:`SecretRecorder` wraps a sandbox app (ASGI) and keeps, package-neutrally, the
values of credential-named query and form parameters, ``Authorization`` and
subscription-key headers, credential fields of JSON answers (``access_token``,
``refresh_token``, ...) and the ``code`` of consent redirects. :func:`leaks` then
says where any of them appears: in log files, Kafka records, mails.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from starlette.types import ASGIApp, Message, Receive, Scope, Send

NAMES = frozenset(
    {
        "token",
        "access_token",
        "refresh_token",
        "id_token",
        "code",
        "client_secret",
        "clientkey",
        "client_key",
        "password",
        "api_key",
    }
)
HEADERS = frozenset({b"authorization", b"ocp-apim-subscription-key", b"x-api-key"})
MIN_LENGTH = 8  # shorter values ("demo", a status) would match by chance


class SecretRecorder:
    """ASGI middleware: remembers the credentials that pass through a sandbox."""

    def __init__(self, app: ASGIApp, extra: Iterable[str] = ()) -> None:
        self.app = app
        self.secrets: set[str] = {s for s in extra if len(s) >= MIN_LENGTH}
        self._failures: list[tuple[str, int]] = []

    def fail_next(self, path_contains: str, status: int, times: int = 1) -> None:
        """Answer the next ``times`` calls on a matching path with ``status`` (any endpoint,
        the sandbox's login endpoints included), after recording their credentials."""
        self._failures.extend([(path_contains, status)] * times)

    def _failure(self, path: str) -> int | None:
        for index, (fragment, status) in enumerate(self._failures):
            if fragment in path:
                del self._failures[index]
                return status
        return None

    def _keep(self, value: str | None) -> None:
        if value and len(value) >= MIN_LENGTH:
            self.secrets.add(value)

    def _pairs(self, text: str) -> None:
        for name, value in parse_qsl(text, keep_blank_values=False):
            if name.lower() in NAMES:
                self._keep(value)

    def _json(self, payload: Any) -> None:
        if isinstance(payload, dict):
            for name, value in payload.items():
                if name.lower() in NAMES and isinstance(value, str):
                    self._keep(value)
                else:
                    self._json(value)
        elif isinstance(payload, list):
            for item in payload:
                self._json(item)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith("/_sandbox"):
            await self.app(scope, receive, send)
            return
        self._pairs(scope.get("query_string", b"").decode("latin-1"))
        for name, value in scope["headers"]:
            if name in HEADERS:
                self._keep(value.decode("latin-1").removeprefix("Bearer ").strip())
        if (status := self._failure(scope["path"])) is not None:
            await send({"type": "http.response.start", "status": status, "headers": []})
            await send({"type": "http.response.body", "body": b"injected by the test"})
            return

        async def receiving() -> Message:
            message = await receive()
            if message["type"] == "http.request":
                self._pairs(message.get("body", b"").decode("utf-8", "replace"))
            return message

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                for name, value in message.get("headers", []):
                    if name == b"location":
                        self._pairs(urlsplit(value.decode("latin-1")).query)
            elif message["type"] == "http.response.body":
                body = message.get("body", b"")
                if body[:1] in (b"{", b"["):
                    with contextlib.suppress(ValueError):
                        self._json(json.loads(body))
            await send(message)

        await self.app(scope, receiving, sending)


def leaks(secrets: Iterable[str], places: dict[str, bytes]) -> list[str]:
    """``"<place>: <first characters of the secret>"`` for every secret found in a place."""
    found = []
    for secret in secrets:
        needle = secret.encode()
        for place, content in places.items():
            if needle in content:
                found.append(f"{place}: {secret[:4]}...")
    return sorted(found)


async def topic_contents(bootstrap: str, prefix: str) -> dict[str, bytes]:
    """Every record (value, key and headers) of every topic under ``prefix``, aborted ones too."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        topics = [t for t in await admin.list_topics() if t.startswith(prefix)]
    finally:
        await admin.close()
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap, enable_auto_commit=False, isolation_level="read_uncommitted"
    )
    await consumer.start()
    contents: dict[str, bytearray] = {t: bytearray() for t in topics}
    try:
        await consumer.topics()  # loads the metadata partitions_for_topic reads
        partitions = [
            TopicPartition(t, p) for t in topics for p in consumer.partitions_for_topic(t) or ()
        ]
        if not partitions:
            return {}
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        ends = await consumer.end_offsets(partitions)
        while any(await consumer.position(tp) < ends[tp] for tp in partitions):
            batch = await consumer.getmany(timeout_ms=500)
            for tp, records in batch.items():
                for record in records:
                    out = contents[tp.topic]
                    out += (record.key or b"") + b"\n" + (record.value or b"") + b"\n"
                    for name, value in record.headers or ():
                        out += name.encode() + b"=" + (value or b"") + b"\n"
    finally:
        await consumer.stop()
    return {f"topic {t}": bytes(c) for t, c in contents.items()}
