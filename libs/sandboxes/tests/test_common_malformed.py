"""A malformed-answer fault gives a truncated 200 body, never a 500, on the JSON endpoints
of the Exact and SnelStart sandboxes: standing (``PUT /_sandbox/faults``) or queued."""

from __future__ import annotations

import json

import httpx
import pytest

from ledgerbus_sandboxes.common import DataSizes
from ledgerbus_sandboxes.common.faults import MALFORMED
from ledgerbus_sandboxes.exact import ExactSandboxConfig
from ledgerbus_sandboxes.exact import create_app as create_exact
from ledgerbus_sandboxes.exact.testing import signed_in
from ledgerbus_sandboxes.snelstart import SnelStartSandboxConfig
from ledgerbus_sandboxes.snelstart import create_app as create_snelstart
from ledgerbus_sandboxes.snelstart.testing import api_headers, asgi_client

SMALL = DataSizes(projects=0, cost_units=0, transaction_lines=50)
EXACT_PATHS = (
    "/api/v1/current/Me",
    "/api/v1/100001/financial/GLAccounts",
    "/api/v1/100001/bulk/Financial/GLAccounts",
    "/api/v1/100001/financial/GLAccounts/$count",
    "/api/v1/100001/sync/Financial/GLAccounts",
    "/api/v1/100001/sync/Deleted",
)
SNELSTART_PATHS = ("/v2/companyInfo", "/v2/grootboeken", "/v2/dagboeken")


def assert_truncated(response: httpx.Response) -> None:
    """A 200 that claims JSON but whose body is cut off."""
    assert response.status_code == 200, (response.request.url, response.text)
    assert response.headers["content-type"].startswith("application/json")
    assert response.content, response.request.url
    with pytest.raises(json.JSONDecodeError):
        json.loads(response.content)


@pytest.mark.parametrize("standing", [True, False], ids=["standing", "queued"])
async def test_the_exact_sandbox_answers_a_truncated_200(standing: bool) -> None:
    app = create_exact(ExactSandboxConfig(sizes=SMALL))
    async with signed_in(app) as client:
        for path in EXACT_PATHS:
            if standing:
                fault = await client.put("/_sandbox/faults", json={"malformed_rate": 1.0})
            else:
                fault = await client.post("/_sandbox/faults", json={"status": MALFORMED})
            assert fault.status_code in (200, 201), fault.text
            assert_truncated(await client.get(path))


@pytest.mark.parametrize("standing", [True, False], ids=["standing", "queued"])
async def test_the_snelstart_sandbox_answers_a_truncated_200(standing: bool) -> None:
    app = create_snelstart(SnelStartSandboxConfig(sizes=SMALL))
    async with asgi_client(app) as client:
        headers = await api_headers(client)
        for path in SNELSTART_PATHS:
            if standing:
                fault = await client.put("/_sandbox/faults", json={"malformed_rate": 1.0})
            else:
                fault = await client.post("/_sandbox/faults", json={"status": MALFORMED})
            assert fault.status_code in (200, 201), fault.text
            assert_truncated(await client.get(path, headers=headers))
