"""Contract tests: every response of the SnelStart sandbox is valid against the schemas of
SnelStart's published OpenAPI document (the pinned facts in ``snelstart/openapi``), with no
property the model lacks, and every ``{id, uri}`` reference answers with the record it names."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import jsonschema_rs
import pytest

from ledgerbus_sandboxes.common import DataSizes
from ledgerbus_sandboxes.snelstart import SnelStartSandboxConfig, create_app
from ledgerbus_sandboxes.snelstart.facts import document, json_schema
from ledgerbus_sandboxes.snelstart.testing import api_headers, asgi_client

_LOCAL_DATETIME = re.compile(
    r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?(Z|[+-]\d{2}:\d{2})?$"
)
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
LISTS = [
    "/grootboeken",
    "/grootboekmutaties",
    "/relaties",
    "/dagboeken",
    "/kostenplaatsen",
    "/landen",
    "/btwtarieven",
    "/vatrates",
    "/vatratedefinitions",
]


def validator(path: str, *, strict: bool = True) -> Any:
    """A validator of ``GET <path>``'s 200 body; date-times as SnelStart (.NET) writes them."""
    return jsonschema_rs.validator_for(
        json_schema(path, strict=strict),
        validate_formats=True,
        formats={
            "date-time": lambda v: bool(_LOCAL_DATETIME.match(v)),
            "uuid": lambda v: bool(_UUID.match(v)),
        },
    )


@pytest.fixture(scope="module")
async def client() -> AsyncIterator[httpx.AsyncClient]:
    sizes = DataSizes(projects=0, cost_units=0, transaction_lines=300)
    async with asgi_client(create_app(SnelStartSandboxConfig(sizes=sizes))) as http:
        yield http


@pytest.fixture(scope="module")
async def auth(client: httpx.AsyncClient) -> dict[str, str]:
    return await api_headers(client)


def test_the_pinned_document_names_the_published_operations() -> None:
    paths = document()["paths"]
    operations = {p: op["get"]["operationId"] for p, op in paths.items() if "get" in op}
    writes = {p: op["post"]["operationId"] for p, op in paths.items() if "post" in op}
    assert writes == {
        "/verkoopboekingen": "v2-verkoopboekingen-POST",
        "/inkoopboekingen": "v2-inkoopboekingen-POST",
        "/memoriaalboekingen": "v2-memoriaalboekingen-POST",
        "/relaties": "v2-relaties-POST",
    }
    assert operations["/grootboekmutaties"] == "v2-grootboekmutaties-GET-OData"
    assert operations["/grootboeken/{id}"] == "v2-grootboeken-id-GET"
    assert operations["/landen"] == "v2-landen-GET"
    assert "/boekingsregels" not in operations
    mutatie = document()["components"]["schemas"]["GrootboekMutaties.GrootboekMutatieModel"]
    assert {"debet", "credit", "saldo", "relatiePublicIdentifier", "factuurNummer"} <= set(
        mutatie["properties"]
    )


@pytest.mark.parametrize("path", LISTS)
async def test_every_list_is_valid_against_the_published_model(
    client: httpx.AsyncClient, auth: dict[str, str], path: str
) -> None:
    response = await client.get(f"/v2{path}", headers=auth)
    assert response.status_code == 200
    body = response.json()
    assert body, path
    errors = [str(e) for e in validator(path).iter_errors(body)][:5]
    assert errors == [], errors


async def test_single_records_and_company_info_are_valid(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    for path in ("/grootboeken", "/grootboekmutaties", "/relaties", "/kostenplaatsen", "/landen"):
        first = (await client.get(f"/v2{path}", headers=auth)).json()[0]
        one = await client.get(f"/v2{path}/{first['id'].upper()}", headers=auth)
        assert one.status_code == 200 and one.json() == first, path
        assert validator(f"{path}/{{id}}").is_valid(one.json()), path
    nld = await client.get("/v2/vatrates/NLD", headers=auth)
    assert validator("/vatrates/{id}").is_valid(nld.json())
    info = (await client.get("/v2/companyInfo", headers=auth)).json()
    assert validator("/companyInfo").is_valid(info)
    assert info["administratieIdentifier"] == "00000000-0000-4000-8000-000000000001"


async def test_the_strict_check_catches_an_invented_field() -> None:
    line = {"id": "00000000-0000-4000-8000-000000000001", "bedrag": 12.5}
    assert not validator("/grootboekmutaties").is_valid([line])
    assert validator("/grootboekmutaties", strict=False).is_valid([line])
    assert not validator("/grootboekmutaties").is_valid([{"debet": "12.50"}])


def references(value: Any) -> Iterator[dict[str, Any]]:
    """Every ``{id, uri}`` identifier model inside a response."""
    if isinstance(value, dict):
        if set(value) == {"id", "uri"}:
            yield value
        for child in value.values():
            yield from references(child)
    elif isinstance(value, list):
        for child in value:
            yield from references(child)


async def test_every_reference_answers_with_the_record_it_names(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    seen: dict[str, str] = {}
    for path in ("/grootboekmutaties", "/relaties"):
        for ref in references((await client.get(f"/v2{path}", headers=auth)).json()):
            seen[ref["uri"]] = ref["id"]
    kinds = {uri.split("/")[2] for uri in seen}
    assert {"grootboeken", "dagboeken", "relaties", "landen"} <= kinds
    for uri, ref_id in seen.items():
        answered = await client.get(uri, headers=auth)
        assert answered.status_code == 200, uri
        assert answered.json()["id"] == ref_id


async def test_lines_carry_debit_credit_and_a_saldo_of_their_difference(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    lines = (await client.get("/v2/grootboekmutaties", headers=auth)).json()
    for line in lines:
        assert min(line["debet"], line["credit"]) == 0
        assert round(line["debet"] - line["credit"], 2) == line["saldo"]
    assert {line["dagboek"] is not None for line in lines} == {True}


async def test_btwtarieven_are_the_dutch_rates_with_their_history(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    rows = (await client.get("/v2/btwtarieven", headers=auth)).json()
    current = {r["btwSoort"]: r["btwPercentage"] for r in rows if r["datumTotEnMet"] is None}
    assert current == {"Geen": 0, "Laag": 9, "Hoog": 21}
    assert {"Laag": 6, "Hoog": 19}.items() <= {
        r["btwSoort"]: r["btwPercentage"] for r in rows if r["datumTotEnMet"]
    }.items()


async def test_filters_paging_and_single_gets_over_http(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    lines = (await client.get("/v2/grootboekmutaties", headers=auth)).json()
    of_2025 = await client.get(
        "/v2/grootboekmutaties", params={"$filter": "year(Datum) eq 2025"}, headers=auth
    )
    assert [r["id"] for r in of_2025.json()] == [
        r["id"] for r in lines if r["datum"].startswith("2025")
    ]
    account = lines[0]["grootboek"]["id"]
    by_account = await client.get(
        "/v2/grootboekmutaties",
        params={"$filter": f"Grootboek/Id eq guid'{account}' and Debet gt 0", "$top": "2"},
        headers=auth,
    )
    expected = [r["id"] for r in lines if r["grootboek"]["id"] == account and r["debet"] > 0]
    assert [r["id"] for r in by_account.json()] == expected[:2]
    relatie = (await client.get("/v2/relaties", headers=auth)).json()[3]
    found = await client.get(
        "/v2/relaties",
        params={"$filter": f"substringof('{relatie['naam']}', Naam) eq true"},
        headers=auth,
    )
    assert relatie["id"] in [r["id"] for r in found.json()]
    missing = await client.get("/v2/grootboeken/00000000-0000-4000-8000-00000000dead", headers=auth)
    assert missing.status_code == 404
    malformed = await client.get("/v2/grootboeken/not-a-guid", headers=auth)
    assert malformed.status_code == 400 and malformed.json()[0]["errorCode"] == "ALG-0103"


async def test_the_catalog_odata_resources_filter_too(
    client: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    nld = await client.get("/v2/vatrates", params={"$filter": "CountryCode eq 'NLD'"}, headers=auth)
    assert [r["countryCode"] for r in nld.json()] == ["NLD"]
    none = await client.get(
        "/v2/vatrates", params={"$filter": "CountryCode eq 'BEL'"}, headers=auth
    )
    assert none.json() == []
    hoog = await client.get(
        "/v2/vatratedefinitions",
        params={"$filter": "RateCode eq 'Hoog'", "$top": "1"},
        headers=auth,
    )
    assert [r["rateCode"] for r in hoog.json()] == ["Hoog"]
    bad = await client.get("/v2/vatrates", params={"$filter": "Rate eq 21"}, headers=auth)
    assert bad.status_code == 400 and bad.json()[0]["errorCode"] == "ALG-0104"
