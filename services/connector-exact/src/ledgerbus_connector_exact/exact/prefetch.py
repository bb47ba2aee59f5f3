"""Reading Exact's next page while the runner publishes the current one.

Every Exact stream follows ``d.__next`` as given (``base.next_link``), so when a page
names its successor, that is the request the runner makes next: the client starts it
at once, one call ahead and never more, and hands its result (or its error) over when
the runner asks for that URL. The calls, their order and their budget are the same as
reading page by page; only the waiting overlaps. A request for anything else, or the
session's end, cancels the read ahead.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Mapping
from typing import Any

from ledgerbus_connector_exact.exact.base import next_link
from ledgerbus_connectorkit import RestClient


def _next_url(body: Any) -> str | None:
    if not isinstance(body, dict) or "d" not in body:
        return None
    page = next_link(body)
    return page.url if page else None


class PrefetchingClient(RestClient):
    """A :class:`RestClient` that reads the page behind ``d.__next`` ahead of the ask."""

    _ahead: tuple[str, asyncio.Task[Any]] | None = None

    async def get_json(self, url: str, params: Mapping[str, str] | None = None) -> Any:
        """The decoded JSON body of a successful GET (read ahead when it was named next)."""
        ahead, self._ahead = self._ahead, None
        if ahead is not None and ahead[0] == url and not params:
            body = await ahead[1]
        else:
            await _cancel(ahead)
            body = await super().get_json(url, params)
        following = _next_url(body)
        if following is not None:
            self._ahead = (following, asyncio.create_task(super().get_json(following)))
        return body

    async def close(self) -> None:
        """Cancel the read ahead nobody asked for."""
        ahead, self._ahead = self._ahead, None
        await _cancel(ahead)


async def _cancel(ahead: tuple[str, asyncio.Task[Any]] | None) -> None:
    if ahead is None:
        return
    task = ahead[1]
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError, Exception):
        await task
