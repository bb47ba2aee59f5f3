"""The API edge every service shares: one error shape, NUL refused, strict types, page tokens."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import APIRouter, FastAPI, HTTPException
from pydantic import BaseModel, StrictBool, TypeAdapter, ValidationError

from ledgerbus_servicekit.app import create_service_app
from ledgerbus_servicekit.errors import error_responses
from ledgerbus_servicekit.inputs import IdPath, LocalTime, SafeDate, SafeDatetime
from ledgerbus_servicekit.paging import decode_page_token, encode_page_token
from ledgerbus_servicekit.settings import ServiceSettings

OPERATOR = {"Authorization": "Bearer dev-operator-token"}


class Body(BaseModel):
    name: str
    flag: StrictBool = False
    day: SafeDate | None = None


router = APIRouter(prefix="/things", tags=["things"])


@router.get("/{thing_id}", responses=error_responses(404))
async def read(thing_id: IdPath) -> dict[str, Any]:
    raise HTTPException(404, f"no thing {thing_id!r}")


@router.patch("/{thing_id}")
async def change(thing_id: IdPath, body: Body, since: SafeDatetime | None = None) -> Body:
    return body


@router.post("/{thing_id}/explode")
async def explode(thing_id: IdPath) -> None:
    raise RuntimeError("secret-refresh-token-123 in a bug's message")


@router.delete("/{thing_id}", status_code=204)
async def remove(thing_id: IdPath) -> None:
    return None


@contextlib.asynccontextmanager
async def _no_lifespan(app: FastAPI) -> AsyncIterator[None]:
    yield


@pytest.fixture
async def api() -> AsyncIterator[httpx.AsyncClient]:
    app = create_service_app(
        title="edge", settings=ServiceSettings(), lifespan=_no_lifespan, routers=[router]
    )
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://edge") as client:
        yield client


async def test_handwritten_errors_have_the_validation_errors_shape(api: httpx.AsyncClient) -> None:
    missing = await api.get("/v1/things/a1")
    invalid = await api.patch("/v1/things/a1", json={"name": 3})
    assert missing.status_code == 404
    assert missing.json() == {"detail": [{"loc": [], "msg": "no thing 'a1'", "type": "not_found"}]}
    assert invalid.status_code == 422
    assert invalid.json()["detail"][0]["loc"] == ["body", "name"]
    assert "input" not in invalid.json()["detail"][0]  # never echoed (it may be a secret)


async def test_a_bug_is_a_500_in_the_same_shape_that_tells_nothing(
    api: httpx.AsyncClient,
) -> None:
    response = await api.post("/v1/things/a1/explode")
    assert response.status_code == 500
    assert response.json()["detail"][0]["type"] == "internal_error"
    assert "secret" not in response.text


async def test_every_error_status_is_documented_in_the_shared_shape(
    api: httpx.AsyncClient,
) -> None:
    spec = (await api.get("/openapi.json")).json()
    read_responses = spec["paths"]["/v1/things/{thing_id}"]["get"]["responses"]
    assert set(read_responses) == {"200", "401", "404", "422"}
    for status in ("401", "404", "422"):
        schema = read_responses[status]["content"]["application/json"]["schema"]
        assert schema == {"$ref": "#/components/schemas/ErrorResponse"}
    parameter = spec["paths"]["/v1/things/{thing_id}"]["get"]["parameters"][0]
    assert parameter["schema"]["maxLength"] == 100 and "pattern" in parameter["schema"]


async def test_405_names_every_method_of_the_path(api: httpx.AsyncClient) -> None:
    response = await api.put("/v1/things/a1", json={})
    assert response.status_code == 405
    allowed = {m.strip() for m in response.headers["allow"].split(",")}
    assert {"GET", "PATCH", "DELETE"} <= allowed
    assert response.json()["detail"][0]["type"] == "method_not_allowed"


@pytest.mark.parametrize(
    ("request_args", "loc"),
    [
        (("GET", "/v1/things/a%00b"), ["path"]),
        (("GET", "/v1/things/a1?x=a%00b"), ["query", "x"]),
        (("PATCH", "/v1/things/a1", {"name": "a\x00b"}), ["body", "name"]),
        (("PATCH", "/v1/things/a1", {"name": "a", "k\x00": 1}), ["body", "k\\u0000"]),
    ],
)
async def test_a_nul_anywhere_is_a_422_naming_where(
    api: httpx.AsyncClient, request_args: tuple[Any, ...], loc: list[str]
) -> None:
    method, url, *body = request_args
    response = await api.request(method, url, json=body[0] if body else None)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == loc
    assert "NUL" in response.json()["detail"][0]["msg"]


async def test_a_body_without_nul_reaches_the_route_intact(api: httpx.AsyncClient) -> None:
    response = await api.patch("/v1/things/a1", json={"name": "x" * 100_000, "flag": True})
    assert response.status_code == 200 and response.json()["name"] == "x" * 100_000


@pytest.mark.parametrize(
    ("body", "params"),
    [
        ({"name": "a", "flag": 0}, {}),
        ({"name": "a", "flag": "true"}, {}),
        ({"name": "a", "day": 0}, {}),
        ({"name": "a", "day": "0"}, {}),
        ({"name": "a"}, {"since": "9999-12-31T23:59:59-14:00"}),
        ({"name": "a"}, {"since": "0001-01-01T00:00:00+14:00"}),
        ({"name": "a"}, {"since": "0"}),
    ],
)
async def test_loose_or_out_of_range_values_are_refused(
    api: httpx.AsyncClient, body: dict[str, Any], params: dict[str, str]
) -> None:
    response = await api.patch("/v1/things/a1", json=body, params=params)
    assert response.status_code == 422, response.text


@pytest.mark.parametrize("ident", ["a" * 101, ".hidden", "a b", "a/b", "ä"])
async def test_ids_outside_the_documented_set_are_refused(
    api: httpx.AsyncClient, ident: str
) -> None:
    response = await api.delete(f"/v1/things/{ident}")
    assert response.status_code in (404, 422)  # "a/b" is another path
    assert response.status_code == 422 or ident == "a/b"


def test_dates_and_datetimes_stay_inside_the_representable_range() -> None:
    dates = TypeAdapter(SafeDate)
    datetimes = TypeAdapter(SafeDatetime)
    assert dates.validate_python("2026-10-31") == dt.date(2026, 10, 31)
    assert datetimes.validate_python("2026-10-31T01:00:00+01:00").utcoffset() == dt.timedelta(
        hours=1
    )
    for bad in ("9999-12-31", "0001-01-01"):
        with pytest.raises(ValidationError, match="a date lies from"):
            dates.validate_python(bad)
    with pytest.raises(ValidationError, match="once converted to UTC"):
        datetimes.validate_python("9999-12-31T23:59:59-14:00")


def test_local_times_refuse_a_zone_instead_of_dropping_it() -> None:
    times = TypeAdapter(LocalTime)
    assert times.validate_python("04:00") == dt.time(4, 0)
    for zoned in ("04:00:00Z", "01:00+05:00", "01:00:00-0300"):
        with pytest.raises(ValidationError, match="takes no zone"):
            times.validate_python(zoned)
    with pytest.raises(ValidationError, match="takes no zone"):
        times.validate_python(dt.time(4, 0, tzinfo=dt.UTC))


def test_page_tokens_round_trip_and_anything_else_is_a_400() -> None:
    for key in ("", "100", "a b/ü", "x" * 500):
        assert decode_page_token(encode_page_token(key)) == key
    for bad in ("AA==", "AA", "!!!", "", encode_page_token("a") + "A", "x" * 3000):
        with pytest.raises(HTTPException) as refused:
            decode_page_token(bad)
        assert refused.value.status_code == 400
        assert refused.value.detail[0]["loc"] == ["query", "page_token"]
