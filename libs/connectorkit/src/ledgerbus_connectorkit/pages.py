"""One typed page iterator for every paged read: a stream's records, a package's deletions.

The caller gives the first request (a resumed one, or the stream's first), how to take
the items out of a payload and how to find the next request; each :class:`Page` says
what it was asked with, what it holds and what comes after it, which is what a sync
saves as its resume point once the page is published.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from ledgerbus_connectorkit.stream import PageRequest

T = TypeVar("T")


class JsonClient(Protocol):
    """What reads a page: a :class:`~ledgerbus_connectorkit.RestClient` or a package's."""

    async def get_json(self, url: str, params: Any = None) -> Any:
        """The decoded body of a successful GET."""


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page: its request, its items, the payload they came from, and the next request
    (None after the last)."""

    request: PageRequest
    items: list[T]
    payload: Any
    next: PageRequest | None


def resumed(url: str | None, params: dict[str, str] | None) -> PageRequest | None:
    """The saved request a sync resumes at, or None to start from the first."""
    return None if url is None else PageRequest(url, params)


async def read_pages(
    client: JsonClient,
    start: PageRequest,
    items: Callable[[Any], list[T]],
    follow: Callable[[Any, PageRequest], PageRequest | None],
) -> AsyncIterator[Page[T]]:
    """The pages from ``start``: ``items(payload)`` of each, ``follow(payload, request)``
    for the next, until it is None."""
    request: PageRequest | None = start
    while request is not None:
        payload = await client.get_json(request.url, request.params)
        following = follow(payload, request)
        yield Page(request, items(payload), payload, following)
        request = following
