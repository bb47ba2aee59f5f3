"""No credential survives into a log line: query strings, forms, JSON, headers, tracebacks."""

from __future__ import annotations

import io
import logging
import sys
import time
from collections.abc import Iterator

import httpx
import pytest
from fastapi import FastAPI

from ledgerbus_servicekit.logging import RedactingFormatter, redact, setup_logging
from ledgerbus_servicekit.testing import served_app

SECRET = "s3cr3t-VALUE_42"


@pytest.mark.parametrize(
    "line",
    [
        f"GET http://h/connect/accesstokenvalidation?token={SECRET} 200",
        f"POST /token grant_type=authorization_code&code={SECRET}&redirect_uri=http://a/b",
        f"client_id=demo&client_secret={SECRET}",
        f"grant_type=clientkey&clientkey={SECRET}",
        f"refresh_token={SECRET}&grant_type=refresh_token",
        f'{{"access_token": "{SECRET}", "expires_in": 3600}}',
        f"{{'password': '{SECRET}'}}",
        f"Authorization: Bearer {SECRET}",
        f"Ocp-Apim-Subscription-Key: {SECRET}",
        f"postgresql://ledgerbus:{SECRET}@127.0.0.1:5432/ledgerbus",
        f"<twin:AccessToken>{SECRET}</twin:AccessToken>",
        f"Client error '400 Bad Request' for url 'http://h/v?x=1&api_key={SECRET}'",
    ],
)
def test_every_shape_of_credential_is_masked(line: str) -> None:
    cleaned = redact(line)
    assert SECRET not in cleaned
    assert "***" in cleaned


def test_what_is_not_a_credential_stays_readable() -> None:
    line = "status_code=500 error_code=E7 grant_type=refresh_token page_token=p2 mode=full"
    assert redact(line) == line


def test_pathological_input_is_redacted_in_linear_time() -> None:
    started = time.perf_counter()
    for text in ("a-" * 50_000, "x://a:" * 20_000, "'token': '" * 10_000, "<token>" * 20_000):
        redact(text)
    assert time.perf_counter() - started < 5


def test_a_traceback_is_masked_too() -> None:
    formatter = RedactingFormatter("%(message)s")
    try:
        raise ValueError(f"failed for url 'http://h/?token={SECRET}'")
    except ValueError:
        record = logging.LogRecord("x", logging.ERROR, "f", 1, "boom", None, sys.exc_info())
    output = formatter.format(record)
    assert "ValueError" in output and SECRET not in output


@pytest.fixture
def service_log() -> Iterator[io.StringIO]:
    """setup_logging as a service calls it, its output in memory; the root logger restored."""
    root = logging.getLogger()
    saved, level = root.handlers[:], root.level
    setup_logging("test-service")
    stream = io.StringIO()
    handler = root.handlers[0]
    assert isinstance(handler, logging.StreamHandler)
    handler.setStream(stream)
    try:
        yield stream
    finally:
        root.handlers[:] = saved
        root.setLevel(level)


async def test_httpx_request_lines_and_failures_carry_no_token(service_log: io.StringIO) -> None:
    app = FastAPI()

    @app.get("/validate")
    def validate(token: str) -> dict[str, str]:
        return {"ok": "yes"}

    @app.post("/token")
    def token() -> dict[str, str]:
        raise RuntimeError("never")

    async with served_app(app) as url, httpx.AsyncClient(base_url=url) as client:
        await client.get("/validate", params={"token": SECRET})
        failed = await client.get("/validate", params={"x": "1", "access_token": SECRET})
        try:
            failed.raise_for_status()
        except httpx.HTTPStatusError:
            logging.getLogger("connector").exception("validation failed")
    output = service_log.getvalue()
    assert "HTTP Request: GET" in output, output
    assert "Traceback" in output and "HTTPStatusError" in output
    assert SECRET not in output, output
