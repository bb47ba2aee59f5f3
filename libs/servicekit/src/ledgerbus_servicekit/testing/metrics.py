"""Scraping ``/metrics`` in tests, parsed with Prometheus's own parser."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI
from prometheus_client.parser import text_string_to_metric_families

from ledgerbus_servicekit.app import create_service_app
from ledgerbus_servicekit.settings import ServiceSettings

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]
"""Every sample of a scrape, by name and labels."""


async def scrape_metrics(client: httpx.AsyncClient) -> Samples:
    """``GET /metrics`` of the app behind ``client``, parsed."""
    response = await client.get("/metrics")
    assert response.status_code == 200, response.text
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def metric(samples: Samples, name: str, **labels: str) -> float | None:
    """The sum of a metric's samples whose labels include ``labels`` (None: no sample)."""
    wanted = set(labels.items())
    found = [v for (n, ls), v in samples.items() if n == name and wanted <= ls]
    return sum(found) if found else None


@asynccontextmanager
async def _no_lifespan(_: FastAPI) -> AsyncIterator[None]:
    yield


def metrics_only_app(settings: ServiceSettings) -> FastAPI:
    """A service app with nothing but the shared routes: ``/metrics`` of this process."""
    return create_service_app(title="metrics", settings=settings, lifespan=_no_lifespan, routers=[])
