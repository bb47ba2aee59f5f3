"""The SnelStart sandbox's writes: bookings and relations validated as SnelStart does, and
what it accepts served by its read endpoints."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import httpx
import jsonschema_rs

from ledgerbus_sandboxes.snelstart import create_app
from ledgerbus_sandboxes.snelstart.facts import write_schema
from ledgerbus_sandboxes.snelstart.testing import api_headers, asgi_client

ADMIN = "00000000-0000-4000-8000-000000000001"


async def _ids(http: httpx.AsyncClient, headers: dict[str, str], resource: str) -> dict[int, str]:
    rows = (await http.get(f"/v2/{resource}", headers=headers)).json()
    return {int(r.get("nummer", r.get("relatiecode", 0))): r["id"] for r in rows}


def _invoice(klant: str, grootboek: str, total: Any = 121) -> dict[str, Any]:
    return {
        "factuurnummer": "F2026-0001",
        "boekstuk": "LB0001",
        "factuurdatum": "2026-11-30T00:00:00",
        "klant": {"id": klant},
        "omschrijving": "Consultancy",
        "factuurbedrag": total,
        "boekingsregels": [{"grootboek": {"id": grootboek}, "bedrag": 100, "btwSoort": "Hoog"}],
        "btw": [{"btwSoort": "VerkopenHoog", "btwBedrag": 21}],
    }


async def test_a_sales_invoice_with_a_new_relation_is_served_as_balanced_lines() -> None:
    async with asgi_client(create_app()) as http:
        headers = await api_headers(http)
        made = await http.post(
            "/v2/relaties",
            json={"relatiesoort": ["Klant"], "relatiecode": 9001, "naam": "Nieuw BV"},
            headers=headers,
        )
        assert made.status_code == 201, made.text
        accounts = await _ids(http, headers, "grootboeken")
        booked = await http.post(
            "/v2/verkoopboekingen",
            json=_invoice(made.json()["id"], accounts[4300]),
            headers=headers,
        )
        assert booked.status_code == 201, booked.text
        found = await http.get(
            "/v2/grootboekmutaties", params={"$filter": "Boekstuk eq 'LB0001'"}, headers=headers
        )
        relaties = await _ids(http, headers, "relaties")
    lines = found.json()
    assert len(lines) == 3
    assert sum(Decimal(str(r["saldo"])) for r in lines) == 0
    assert {r["factuurNummer"] for r in lines} == {"F2026-0001"}
    assert relaties[9001] == made.json()["id"]


async def test_refusals_name_every_broken_rule_in_snelstart_s_error_array() -> None:
    async with asgi_client(create_app()) as http:
        headers = await api_headers(http)
        code = await http.post(
            "/v2/relaties", json={"relatiecode": "AB12", "naam": "X"}, headers=headers
        )
        relaties = await _ids(http, headers, "relaties")
        klant = next(iter(relaties.values()))
        unbalanced = await http.post(
            "/v2/verkoopboekingen",
            json=_invoice(klant, "00000000-0000-0000-0000-00000000dead", total=130),
            headers=headers,
        )
        journal = await http.post(
            "/v2/memoriaalboekingen",
            json={"datum": "2026-11-30T00:00:00", "memoriaalBoekingsRegels": [{"debet": 5}]},
            headers=headers,
        )
    assert code.status_code == 400
    assert [e["errorCode"] for e in code.json()] == ["REL-0001"]
    assert unbalanced.status_code == 400
    assert {e["errorCode"] for e in unbalanced.json()} == {"BKG-0001", "BKG-0002"}
    assert {e["errorCode"] for e in journal.json()} >= {"BKG-0001", "BKG-0005"}


async def test_a_write_fault_books_the_write_and_then_answers_with_an_error() -> None:
    async with asgi_client(create_app()) as http:
        headers = await api_headers(http)
        await http.post("/_sandbox/write-faults", json={"path_contains": "relaties"})
        first = await http.post(
            "/v2/relaties", json={"relatiecode": 9002, "naam": "Laat BV"}, headers=headers
        )
        again = await http.post(
            "/v2/relaties", json={"relatiecode": 9002, "naam": "Laat BV"}, headers=headers
        )
    assert first.status_code == 504
    assert again.status_code == 400
    assert [e["errorCode"] for e in again.json()] == ["REL-0002"]


def _write_validator(path: str, part: str) -> Any:
    return jsonschema_rs.validator_for(write_schema(path, part), validate_formats=False)


async def test_the_sandbox_answers_its_writes_in_the_published_models() -> None:
    async with asgi_client(create_app()) as http:
        headers = await api_headers(http)
        made = await http.post(
            "/v2/relaties",
            json={"relatiesoort": ["Klant"], "relatiecode": 9003, "naam": "Model BV"},
            headers=headers,
        )
        accounts = await _ids(http, headers, "grootboeken")
        body = _invoice(made.json()["id"], accounts[4300])
        booked = await http.post("/v2/verkoopboekingen", json=body, headers=headers)
    _write_validator("/verkoopboekingen", "request").validate(body)
    _write_validator("/relaties", "response").validate(made.json())
    _write_validator("/verkoopboekingen", "response").validate(booked.json())
