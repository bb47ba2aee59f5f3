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


def identifier(kind: str, key: str | None, nummer: str | None = None) -> dict[str, Any] | None:
    """A ``{id, uri}`` reference (plus the number, a sandbox choice)."""
    if key is None:
        return None
    ref_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"snelstart/{kind}/{key}"))
    ref: dict[str, Any] = {"id": ref_id, "uri": f"/v2/{kind}/{ref_id}"}
    if nummer is not None:
        ref["nummer"] = nummer
    return ref


DAYBOOK_NUMBERS = {"KAS": 10, "BNK": 11, "VRK": 12, "INK": 13, "MEM": 14}


def number(entity_type: EntityType, code: str) -> int:
    """The ``nummer`` (``relatiecode`` for relations) SnelStart shows for a neutral code."""
    if entity_type is EntityType.DAYBOOK:
        return DAYBOOK_NUMBERS.get(code, 99)
    if entity_type is EntityType.COST_CENTER:
        return int(code[2:])
    return int(code)


def reference(kind: str, entity_type: EntityType, code: str | None) -> dict[str, Any] | None:
    """A reference to a daybook, GL account, relation or cost centre, with its number."""
    if code is None:
        return None
    return identifier(kind, code, str(number(entity_type, code)))


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
        "nummer": number(EntityType.GL_ACCOUNT, r["code"]),
        "rekeningCode": "Balans" if r["account_type"] == "balance" else "WinstEnVerlies",
        "nonactief": r["blocked"],
        "grootboekfunctie": "Diversen",
    },
    EntityType.CONTACT: lambda r: {
        "uri": f"/v2/relaties/{r['id']}",
        "relatiecode": number(EntityType.CONTACT, r["code"]),
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
        "nummer": number(EntityType.DAYBOOK, r["code"]),
        "soort": DAYBOOK_KINDS[r["daybook_type"]],
        "nonactief": False,
    },
    EntityType.COST_CENTER: lambda r: {
        "uri": f"/v2/kostenplaatsen/{r['id']}",
        "omschrijving": r["name"],
        "nummer": number(EntityType.COST_CENTER, r["code"]),
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
        "dagboek": reference("dagboeken", EntityType.DAYBOOK, r["daybook_code"]),
        "grootboek": reference("grootboeken", EntityType.GL_ACCOUNT, r["gl_account_code"]),
        "relatie": reference("relaties", EntityType.CONTACT, r["contact_code"]),
        "kostenplaats": reference("kostenplaatsen", EntityType.COST_CENTER, r["cost_center_code"]),
        "omschrijving": r["description"],
        "bedrag": amount(r["amount"]),
    },
}
