"""The metrics module's bounded labels, ``/metrics`` on the app factory, and JSON log lines."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager

import httpx
import pytest
from fastapi import FastAPI
from opentelemetry.sdk.trace import TracerProvider
from prometheus_client.parser import text_string_to_metric_families

from ledgerbus_servicekit import ServiceSettings
from ledgerbus_servicekit.app import create_service_app
from ledgerbus_servicekit.logging import JsonFormatter, setup_logging, sync_context
from ledgerbus_servicekit.metrics import (
    PACKAGE_CALLS,
    count_package_call,
    endpoint_class,
    package_calls_for,
)

SECRET = "s3cr3t-refresh-token-value"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://start.exactonline.nl/api/v1/100001/financialtransaction/TransactionLines"
            "?$skiptoken=guid'abc'&access_token=x",
            "/api/v1/{id}/financialtransaction/TransactionLines",
        ),
        (
            "https://x/api/v1/100001/bulk/Financial/GLAccounts(guid'6a3f0a2e-1b2c-4d5e')",
            "/api/v1/{id}/bulk/Financial/GLAccounts",
        ),
        (
            "https://b2bapi.snelstart.nl/v2/relaties/3fa85f64-5717-4562-b3fc-2c963f66afa6",
            "/v2/relaties/{id}",
        ),
        (
            "https://accounting.twinfield.com/webservices/processxml.asmx",
            "/webservices/processxml.asmx",
        ),
    ],
)
def test_an_endpoint_class_names_no_record_or_administration(url: str, expected: str) -> None:
    assert endpoint_class(url) == expected


def test_package_calls_are_counted_for_the_package_of_the_sync() -> None:
    url = "https://x/api/v1/7/crm/Accounts"
    before = PACKAGE_CALLS.labels("exact", "/api/v1/{id}/crm/Accounts", "429")._value.get()
    with package_calls_for("exact"):
        count_package_call(url, 429)
    count_package_call(url, 429)  # outside a sync: package unknown
    after = PACKAGE_CALLS.labels("exact", "/api/v1/{id}/crm/Accounts", "429")._value.get()
    assert after == before + 1


@asynccontextmanager
async def client_of(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://app") as client:
        yield client


async def test_every_service_app_serves_prometheus_text_on_metrics() -> None:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield

    app = create_service_app(title="t", settings=ServiceSettings(), lifespan=lifespan, routers=[])
    async with client_of(app) as client:
        response = await client.get("/metrics")
        schema = (await client.get("/openapi.json")).json()
    assert response.status_code == 200
    names = {f.name for f in text_string_to_metric_families(response.text)}
    assert {"ledgerbus_syncs", "ledgerbus_consumer_lag", "ledgerbus_outbox_backlog"} <= names
    assert "/metrics" not in schema["paths"]


@pytest.fixture
def json_log() -> Iterator[io.StringIO]:
    root = logging.getLogger()
    saved, level = root.handlers[:], root.level
    setup_logging("test-service", fmt="json")
    stream = io.StringIO()
    handler = root.handlers[0]
    assert isinstance(handler, logging.StreamHandler)
    handler.setStream(stream)
    try:
        yield stream
    finally:
        root.handlers[:] = saved
        root.setLevel(level)


def test_json_lines_carry_the_sync_and_trace_and_stay_redacted(json_log: io.StringIO) -> None:
    tracer = TracerProvider().get_tracer("test")
    with tracer.start_as_current_span("s") as span, sync_context("sync-1", "admin-1"):
        logging.getLogger("x").warning('refresh failed: {"refresh_token": "%s"}', SECRET)
        try:
            raise ValueError(f"GET /token?code={SECRET}")
        except ValueError:
            logging.getLogger("x").exception("boom")
    logging.getLogger("x").info("outside")
    lines = [json.loads(text) for text in json_log.getvalue().splitlines()]
    assert SECRET not in json_log.getvalue()
    first, failed, outside = lines
    context = span.get_span_context()
    assert first["sync_id"] == "sync-1" and first["administration_id"] == "admin-1"
    assert first["trace_id"] == format(context.trace_id, "032x")
    assert first["span_id"] == format(context.span_id, "016x")
    assert first["service"] == "test-service" and first["level"] == "WARNING"
    assert "ValueError" in failed["exception"]
    assert "sync_id" not in outside and "trace_id" not in outside


def test_the_json_formatter_redacts_a_record_without_the_filter() -> None:
    record = logging.LogRecord("x", logging.INFO, "f", 1, "token=%s", (SECRET,), None)
    line = json.loads(JsonFormatter("svc").format(record))
    assert line["message"] == "token=***"
