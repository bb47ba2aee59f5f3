"""API fuzzing in make test: schemathesis against every service's OpenAPI document (issue 12).

Each service is served on loopback with the test's own topic prefix and schema, and
fuzzed with the operator token and a tenant token: valid and invalid cases per
operation (``LEDGERBUS_FUZZ_EXAMPLES``, default 15 valid and 7 invalid per token),
half the valid ones on what the service was seeded with (``seeds.py``).
Any 5xx, undocumented status or response that does not match the document fails, and
so does a path that lets a NUL through or answers a 405 whose ``Allow`` is not exactly
the methods the document gives the path.
"""

from __future__ import annotations

import asyncio
import time

import pytest

from tests.fuzz.fuzzer import fuzz, probe_edges
from tests.fuzz.services import OPERATOR_TOKEN, SERVICES, TOKENS, Settings, served_service

pytestmark = [
    pytest.mark.integration,
    pytest.mark.slow,
    pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisDeprecationWarning"),
]


@pytest.mark.parametrize("service", SERVICES)
async def test_the_api_answers_every_generated_request_as_documented(
    service: str, service_settings: Settings
) -> None:
    started = time.monotonic()
    async with served_service(service, service_settings) as served:
        ready = time.monotonic()
        report = await asyncio.to_thread(fuzz, served.url, TOKENS, served.known)
        edges = await asyncio.to_thread(probe_edges, served.url, OPERATOR_TOKEN)
        fuzzed = time.monotonic()
    statuses = ", ".join(f"{code}: {n}" for code, n in sorted(report.statuses.items()))
    print(
        f"{service}: up in {ready - started:.0f} s; {len(report.operations)} operations,"
        f" {report.calls} calls in {fuzzed - ready:.0f} s ({statuses})"
    )
    assert report.operations and report.calls >= len(report.operations)
    assert not report.failures, "\n\n".join(report.failures)
    assert not edges, "\n".join(edges)
