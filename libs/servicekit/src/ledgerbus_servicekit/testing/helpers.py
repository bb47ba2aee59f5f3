"""Helpers for tests: wait for a condition, read a topic, run an app in-process."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import TypeVar

import httpx
import uvicorn
from aiokafka import AIOKafkaConsumer, ConsumerRecord
from fastapi import FastAPI

from ledgerbus_contracts import Envelope, Message, from_kafka

T = TypeVar("T")


async def eventually(
    probe: Callable[[], Awaitable[T | None]],
    *,
    timeout: float = 30.0,
    interval: float = 0.05,
    what: str = "condition",
) -> T:
    """Poll ``probe`` until it returns something truthy; fail after ``timeout`` seconds.

    This waits for an observable state (a row, a message), never for time itself.
    """
    deadline = time.monotonic() + timeout
    while True:
        result = await probe()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        await asyncio.sleep(interval)


class TopicReader:
    """Reads a topic from the beginning, keeping every message seen (read_committed)."""

    def __init__(self, bootstrap_servers: str, topic: str) -> None:
        self.topic = topic
        self.records: list[ConsumerRecord] = []
        self._decoded: list[Envelope[Message]] = []
        self._consumer = AIOKafkaConsumer(
            topic,
            bootstrap_servers=bootstrap_servers,
            auto_offset_reset="earliest",
            enable_auto_commit=False,
            isolation_level="read_committed",
        )

    async def __aenter__(self) -> TopicReader:
        await self._consumer.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._consumer.stop()

    async def poll(self) -> list[ConsumerRecord]:
        """Fetch what has arrived since the last poll."""
        batch = await self._consumer.getmany(timeout_ms=200)
        for records in batch.values():
            self.records.extend(records)
        return self.records

    def envelopes(self) -> list[Envelope[Message]]:
        """Every contract message read so far (each record is decoded once)."""
        for record in self.records[len(self._decoded) :]:
            self._decoded.append(from_kafka(record.value, record.headers or (), record.key))
        return list(self._decoded)

    async def wait_for(
        self, predicate: Callable[[list[ConsumerRecord]], bool], *, timeout: float = 30.0
    ) -> list[ConsumerRecord]:
        """Read until ``predicate(records)`` holds."""

        async def probe() -> list[ConsumerRecord] | None:
            records = await self.poll()
            return records if predicate(records) else None

        return await eventually(probe, timeout=timeout, what=f"messages on {self.topic}")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextlib.asynccontextmanager
async def running_app(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """Run an app's lifespan in-process and give a client that calls it without a socket."""
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://service") as client:
            yield client


@contextlib.asynccontextmanager
async def served_app(app: FastAPI, port: int | None = None) -> AsyncIterator[str]:
    """Serve an app over real HTTP on 127.0.0.1 (lifespan included); yield its base URL."""
    port = port or free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    )
    task = asyncio.create_task(server.serve())
    await eventually(lambda: _started(server), timeout=30, what="the HTTP server to start")
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task


async def _started(server: uvicorn.Server) -> bool:
    return server.started
