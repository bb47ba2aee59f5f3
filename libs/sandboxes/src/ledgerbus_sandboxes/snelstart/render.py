"""Package-neutral sandbox records in SnelStart's JSON shape (lowerCamelCase)."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from ledgerbus_contracts import EntityType
from ledgerbus_sandboxes.common import Record

DAYBOOK_KINDS = {
    "cash": "Kas",
    "bank": "Bank",
    "sales": "Verkoop",
    "purchase": "Inkoop",
    "general": "Memoriaal",
    "other": "Geen",
}
VAT_KINDS = {"0": "Geen", "1": "Laag", "2": "Hoog", "5": "Laag", "6": "Hoog"}


def iso(value: dt.date | dt.datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).replace(tzinfo=None).isoformat(timespec="milliseconds")
    return f"{value.isoformat()}T00:00:00"


def identifier(kind: str, key: str | None, number: str | None = None) -> dict[str, Any] | None:
    """A ``{id, uri}`` reference (plus the number, a sandbox choice)."""
    if key is None:
        return None
    ref_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"snelstart/{kind}/{key}"))
    ref: dict[str, Any] = {"id": ref_id, "uri": f"/v2/{kind}/{ref_id}"}
    if number is not None:
        ref["nummer"] = number
    return ref


def amount(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def render(entity_type: EntityType, r: Record) -> dict[str, Any]:
    """One record as SnelStart's API returns it."""
    base = {"id": r["id"], "modifiedOn": iso(r["modified"])}
    return {**base, **_FIELDS[entity_type](r)}


_FIELDS: dict[EntityType, Any] = {
    EntityType.GL_ACCOUNT: lambda r: {
        "uri": f"/v2/grootboeken/{r['id']}",
        "omschrijving": r["name"],
        "nummer": int(r["code"]),
        "rekeningCode": "Balans" if r["account_type"] == "balance" else "WinstEnVerlies",
        "nonactief": r["blocked"],
        "grootboekfunctie": "Diversen",
    },
    EntityType.CONTACT: lambda r: {
        "uri": f"/v2/relaties/{r['id']}",
        "relatiecode": int(r["code"]),
        "naam": r["name"],
        "relatiesoort": [
            s for s, on in (("Klant", r["is_customer"]), ("Leverancier", r["is_supplier"])) if on
        ],
        "email": r["email"],
        "btwNummer": r["vat_number"],
        "kvkNummer": r["coc_number"],
        "iban": r["iban"],
        "nonactief": False,
    },
    EntityType.DAYBOOK: lambda r: {
        "uri": f"/v2/dagboeken/{r['id']}",
        "omschrijving": r["name"],
        "nummer": 10 + ["KAS", "BNK", "VRK", "INK", "MEM"].index(r["code"])
        if r["code"] in ("KAS", "BNK", "VRK", "INK", "MEM")
        else 99,
        "soort": DAYBOOK_KINDS[r["daybook_type"]],
        "nonactief": False,
    },
    EntityType.COST_CENTER: lambda r: {
        "uri": f"/v2/kostenplaatsen/{r['id']}",
        "omschrijving": r["name"],
        "nummer": int(r["code"][2:]),
        "nonactief": not r["active"],
    },
    EntityType.VAT_CODE: lambda r: {
        "btwSoort": VAT_KINDS.get(r["code"], "Overig"),
        "btwPercentage": amount(r["percentage"] * 100),
        "datumVanaf": "2019-01-01T00:00:00",
        "datumTotEnMet": None,
        "omschrijving": r["description"],
        "richting": r["vat_type"],
    },
    EntityType.TRANSACTION_LINE: lambda r: {
        "boekingId": r["entry_id"],
        "boekstuk": str(r["entry_number"]),
        "regelnummer": r["line_number"],
        "datum": iso(r["date"]),
        "dagboek": identifier("dagboeken", r["daybook_code"], r["daybook_code"]),
        "grootboek": identifier("grootboeken", r["gl_account_code"], r["gl_account_code"]),
        "relatie": identifier("relaties", r["contact_code"], r["contact_code"]),
        "kostenplaats": identifier("kostenplaatsen", r["cost_center_code"], r["cost_center_code"]),
        "omschrijving": r["description"],
        "bedrag": amount(r["amount"]),
    },
}
