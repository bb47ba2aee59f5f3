"""The Exact client reads the page behind ``d.__next`` ahead, with the same calls in order."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
from fastapi import FastAPI, Response

from ledgerbus_connector_exact.exact import errors
from ledgerbus_connector_exact.exact.prefetch import PrefetchingClient
from ledgerbus_connectorkit import RestClient, SyncAborted
from ledgerbus_connectorkit.auth import NoAuth
from ledgerbus_servicekit.testing import eventually, served_app

PAGES = 3


class Pages:
    """A real HTTP server of three linked pages; it logs every call it answers."""

    def __init__(self) -> None:
        self.calls: list[int] = []
        self.failing: set[int] = set()
        self.held: dict[int, asyncio.Event] = {}
        self.app = FastAPI()
        self.app.get("/pages/{n}")(self.page)

    async def page(self, n: int) -> Any:
        self.calls.append(n)
        if n in self.held:
            await self.held[n].wait()
        if n in self.failing:
            return Response(status_code=400)
        following = {"__next": f"/pages/{n + 1}"} if n < PAGES else {}
        return {"d": {"results": [{"ID": n}], **following}}


@asynccontextmanager
async def client_of(
    pages: Pages, cls: type[RestClient] = PrefetchingClient
) -> AsyncIterator[RestClient]:
    async with served_app(pages.app) as url, httpx.AsyncClient(base_url=url) as http:
        client = cls(http=http, authenticator=NoAuth(), error_handler=errors.resolve)
        try:
            yield client
        finally:
            if isinstance(client, PrefetchingClient):
                await client.close()


async def read_all(client: RestClient) -> list[Any]:
    bodies, url = [], "/pages/1"
    params: dict[str, str] | None = {"$select": "ID"}
    while url:
        body = await client.get_json(url, params)
        bodies.append(body)
        url, params = body["d"].get("__next"), None
    return bodies


async def test_the_pages_calls_and_their_order_are_those_of_reading_page_by_page() -> None:
    plain, ahead = Pages(), Pages()
    async with client_of(plain, RestClient) as client:
        expected = await read_all(client)
    async with client_of(ahead) as client:
        assert await read_all(client) == expected
    assert ahead.calls == plain.calls == [1, 2, 3]


async def test_the_next_page_is_requested_before_it_is_asked_for_and_once() -> None:
    pages = Pages()
    async with client_of(pages) as client:
        await client.get_json("/pages/1")

        async def asked_ahead() -> bool:
            return pages.calls == [1, 2]

        await eventually(asked_ahead, what="page 2 read ahead")
        assert (await client.get_json("/pages/2"))["d"]["results"] == [{"ID": 2}]
        await eventually(lambda: _calls(pages, [1, 2, 3]), what="page 3 read ahead")
        await client.get_json("/pages/3")
    assert pages.calls == [1, 2, 3]


async def _calls(pages: Pages, expected: list[int]) -> bool:
    return pages.calls == expected


async def test_an_error_of_the_page_read_ahead_is_raised_when_it_is_asked_for() -> None:
    pages = Pages()
    pages.failing.add(2)
    async with client_of(pages) as client:
        await client.get_json("/pages/1")
        with pytest.raises(SyncAborted):
            await client.get_json("/pages/2")


async def test_asking_for_another_page_or_closing_cancels_the_read_ahead() -> None:
    pages = Pages()
    pages.held[2] = asyncio.Event()
    async with client_of(pages) as client:
        await client.get_json("/pages/1")
        await eventually(lambda: _calls(pages, [1, 2]), what="page 2 read ahead")
        body = await client.get_json("/pages/3", {"$select": "ID"})  # not the one named next
        assert body["d"]["results"] == [{"ID": 3}]
        assert isinstance(client, PrefetchingClient)
        assert client._ahead is None  # a last page names no next one
        await client.get_json("/pages/1")
        await eventually(lambda: _calls(pages, [1, 2, 3, 1, 2]), what="page 2 read ahead again")
        await client.close()
        assert client._ahead is None
        pages.held[2].set()  # let the server finish the cancelled calls before it stops
