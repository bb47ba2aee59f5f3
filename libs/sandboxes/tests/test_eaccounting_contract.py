"""Contract tests: every response of the eAccounting sandbox is valid against the models of
Visma's published swagger (the pinned facts in ``eaccounting/openapi``), with no property a
model lacks and every required one present."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from typing import Any

import httpx
import jsonschema_rs
import pytest

from ledgerbus_sandboxes.common import DataSizes
from ledgerbus_sandboxes.eaccounting import EAccountingSandboxConfig, create_app
from ledgerbus_sandboxes.eaccounting.facts import document, json_schema
from ledgerbus_sandboxes.eaccounting.testing import signed_in

_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?(Z|[+-]\d{2}:\d{2})?$")
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
CONFIG = EAccountingSandboxConfig(sizes=DataSizes(payment_terms=0, transaction_lines=400))


def validator(path: str, *, strict: bool = True) -> Any:
    """A validator of ``GET <path>``'s 200 body; date-times as .NET writes them."""
    return jsonschema_rs.validator_for(
        json_schema(path, strict=strict),
        validate_formats=True,
        formats={
            "date-time": lambda v: bool(_DATETIME.match(v)),
            "uuid": lambda v: bool(_UUID.match(v)),
        },
    )


@pytest.fixture(scope="module")
async def client() -> AsyncIterator[httpx.AsyncClient]:
    async with signed_in(create_app(CONFIG), CONFIG) as http:
        yield http


async def concrete_paths(client: httpx.AsyncClient) -> dict[str, str]:
    """Each documented path with its parameters filled from the sandbox's own data."""
    year = (await client.get("/v2/fiscalyears")).json()["Data"][-1]["Id"]

    async def first(path: str) -> dict[str, Any]:
        data: list[dict[str, Any]] = (await client.get(path)).json()["Data"]
        return data[0]

    voucher = await first(f"/v2/vouchers/{year}")
    centres = (await client.get("/v2/costcenters")).json()["Data"]
    return {
        "/v2/fiscalyears": "/v2/fiscalyears",
        "/v2/fiscalyears/{id}": f"/v2/fiscalyears/{year}",
        "/v2/accounts": "/v2/accounts?$pagesize=1000",
        "/v2/accounts/{fiscalyearId}": f"/v2/accounts/{year}",
        "/v2/accounts/{fiscalyearId}/{accountNumber}": f"/v2/accounts/{year}/1000",
        "/v2/vatcodes": "/v2/vatcodes",
        "/v2/vatcodes/{id}": f"/v2/vatcodes/{(await first('/v2/vatcodes'))['Id']}",
        "/v2/customers": "/v2/customers?$pagesize=1000",
        "/v2/customers/{customerId}": f"/v2/customers/{(await first('/v2/customers'))['Id']}",
        "/v2/suppliers": "/v2/suppliers?$pagesize=1000",
        "/v2/suppliers/{supplierId}": f"/v2/suppliers/{(await first('/v2/suppliers'))['Id']}",
        "/v2/projects": "/v2/projects",
        "/v2/projects/{id}": f"/v2/projects/{(await first('/v2/projects'))['Id']}",
        "/v2/costcenters": "/v2/costcenters",
        "/v2/costcenteritems/{itemId}": f"/v2/costcenteritems/{centres[0]['Items'][0]['Id']}",
        "/v2/vouchers": "/v2/vouchers?$pagesize=1000",
        "/v2/vouchers/{fiscalyearId}": f"/v2/vouchers/{year}?$pagesize=1000",
        "/v2/vouchers/{fiscalyearId}/{voucherId}": f"/v2/vouchers/{year}/{voucher['Id']}",
        "/v2/companysettings": "/v2/companysettings",
    }


async def test_every_documented_path_answers_its_models(client: httpx.AsyncClient) -> None:
    paths = await concrete_paths(client)
    assert set(paths) == set(document()["paths"]), "the test covers every pinned operation"
    for documented, concrete in paths.items():
        response = await client.get(concrete)
        assert response.status_code == 200, (concrete, response.text)
        errors = [e.message for e in validator(documented).iter_errors(response.json())]
        assert not errors, (concrete, errors[:3])


def test_the_strict_schema_refuses_an_invented_property() -> None:
    row = {"AccountNumber": 1000, "DebitAmount": 1.0, "Invented": True}
    voucher = {"VoucherDate": "2026-01-01T00:00:00", "VoucherText": "x", "Rows": [row]}
    errors = list(validator("/v2/vouchers/{fiscalyearId}/{voucherId}").iter_errors(voucher))
    assert errors and "Invented" in errors[0].message
    missing = {"VoucherDate": "2026-01-01T00:00:00", "Rows": []}
    assert not validator("/v2/vouchers/{fiscalyearId}/{voucherId}").is_valid(missing)


def test_the_pinned_models_carry_the_published_names() -> None:
    definitions = document()["definitions"]
    assert list(definitions["PaginationMetadata"]["properties"]) == [
        "CurrentPage",
        "PageSize",
        "TotalNumberOfPages",
        "TotalNumberOfResults",
        "ServerTimeUtc",
    ]
    assert definitions["VoucherRowApi"]["properties"]["TransactionText"]["maxLength"] == 60
    assert definitions["AccountApi"]["required"] == ["Name", "Number", "FiscalYearId", "IsActive"]
