"""The trace viewer of `make run`: the local Zipkin server, and the link to one sync's trace."""

from __future__ import annotations

import os
from urllib.parse import quote

import httpx


def zipkin_url() -> str:
    """The Zipkin server `deploy/local/zipkin.sh` starts."""
    return f"http://127.0.0.1:{os.environ.get('ZIPKIN_PORT', '9411')}"


def telemetry_env() -> dict[str, str]:
    """What makes a service export its spans to the local Zipkin server."""
    return {"OTEL_EXPORTER": "zipkin", "OTEL_ENDPOINT": f"{zipkin_url()}/api/v2/spans"}


def search_link(sync_id: str) -> str:
    """The viewer's search for the traces of one sync (spans carry ``ledgerbus.sync_id``)."""
    return f"{zipkin_url()}/zipkin/?annotationQuery={quote(f'ledgerbus.sync_id={sync_id}')}"


async def trace_link(sync_id: str) -> str:
    """The link to the sync's trace in the viewer, or to the search when it is not in yet."""
    query = {"annotationQuery": f"ledgerbus.sync_id={sync_id}", "limit": "1"}
    try:
        async with httpx.AsyncClient(base_url=zipkin_url(), timeout=5) as client:
            traces = (await client.get("/api/v2/traces", params=query)).json()
    except (httpx.HTTPError, ValueError):
        return search_link(sync_id)
    if traces and traces[0]:
        return f"{zipkin_url()}/zipkin/traces/{traces[0][0]['traceId']}"
    return search_link(sync_id)
