"""A line's ``{id, uri}`` references become codes: daybooks and cost centres read whole once,
GL accounts and relations asked for by ``Id eq guid'…'`` in batches, the rest by ``uri``."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import httpx
from pydantic import SecretStr

from ledgerbus_connector_snelstart.snelstart import errors
from ledgerbus_connector_snelstart.snelstart.auth import SnelStartAuthenticator
from ledgerbus_connector_snelstart.snelstart.references import (
    BATCH,
    ReferenceCodes,
    SnelStartClient,
)
from ledgerbus_servicekit import FakeClock

CLOCK = FakeClock(dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC))


def gid(kind: str, n: int) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"{kind}/{n}"))


def ref(kind: str, n: int) -> dict[str, str]:
    return {"id": gid(kind, n), "uri": f"/v2/{kind}/{gid(kind, n)}"}


def line(n: int) -> dict[str, Any]:
    return {
        "id": gid("line", n),
        "grootboek": ref("grootboeken", n % 30),
        "dagboek": ref("dagboeken", n % 3),
        "kostenplaats": None,
        "relatiePublicIdentifier": ref("relaties", n % 25) if n % 2 else None,
    }


class FakeSnelStart:
    """Answers the reads the resolver makes; relation 23 is found only by its uri."""

    def __init__(self) -> None:
        self.calls: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.calls.append(request)
        path = request.url.path
        if path == "/b2b/token":
            return httpx.Response(200, json={"access_token": "t", "expires_in": 3599})
        if path == "/v2/grootboekmutaties":
            return httpx.Response(200, json=[line(n) for n in range(40)])
        if path == "/v2/dagboeken":
            return httpx.Response(
                200, json=[{"id": gid("dagboeken", n), "nummer": 10 + n} for n in range(3)]
            )
        kind, _, single = path.removeprefix("/v2/").partition("/")
        code = "relatiecode" if kind == "relaties" else "nummer"
        if single:
            n = next(n for n in range(100) if gid(kind, n) == single)
            return httpx.Response(200, json={"id": single, code: 1000 + n})
        wanted = request.url.params["$filter"].split(" or ")
        found = [
            {"id": gid(kind, n), code: 1000 + n}
            for n in range(100)
            if f"Id eq guid'{gid(kind, n)}'" in wanted and not (kind == "relaties" and n == 23)
        ]
        return httpx.Response(200, json=found)


async def test_a_page_of_lines_arrives_with_every_reference_known() -> None:
    fake = FakeSnelStart()
    references = ReferenceCodes()
    async with httpx.AsyncClient(transport=httpx.MockTransport(fake), base_url="http://s") as http:
        client = SnelStartClient(
            codes=references.open("adm"),
            http=http,
            authenticator=SnelStartAuthenticator(
                http, "", SecretStr("key"), SecretStr("sub"), CLOCK
            ),
            error_handler=errors.resolver(CLOCK),
            clock=CLOCK,
        )
        page = await client.get_json("/v2/grootboekmutaties", {"$top": "500"})
        again = await client.get_json("/v2/grootboekmutaties", {"$top": "500", "$skip": "500"})
    assert page == again
    codes = {
        (n, name): references.code("adm", raw, name)
        for n, raw in enumerate(page)
        for name in ("grootboek", "dagboek", "relatiePublicIdentifier", "kostenplaats")
    }
    assert codes[(7, "grootboek")] == "1007" and codes[(7, "dagboek")] == "11"
    assert codes[(7, "relatiePublicIdentifier")] == "1007"
    assert codes[(8, "relatiePublicIdentifier")] is None and codes[(8, "kostenplaats")] is None
    assert references.code("adm", line(25), "relatiePublicIdentifier") == "1000"
    found_by_uri = {"id": gid("relaties", 23), "uri": "x"}
    assert (
        references.code("adm", {"relatiePublicIdentifier": found_by_uri}, "relatiePublicIdentifier")
        == "1023"
    )
    paths = [c.url.path for c in fake.calls if c.url.path != "/b2b/token"]
    assert paths.count("/v2/dagboeken") == 1
    filters = [c.url.params["$filter"] for c in fake.calls if "$filter" in c.url.params]
    assert all(f.count("Id eq guid'") <= BATCH for f in filters)
    assert paths.count(f"/v2/relaties/{gid('relaties', 23)}") == 1
    assert paths.count("/v2/grootboekmutaties") == 2 and len(paths) == 2 + 1 + 2 + 1 + 1
    references.close("adm")
    assert references.code("adm", line(7), "grootboek") is None
