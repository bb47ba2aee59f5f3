"""Package-neutral sandbox records in SnelStart's JSON shape (the published models' fields).

A reference is ``{id, uri}`` with the referenced record's own id and a ``uri`` the
sandbox answers; a reference to a record that no longer exists is ``null``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from ledgerbus_contracts import EntityType
from ledgerbus_sandboxes.common import AdministrationData, Record, SandboxData
from ledgerbus_sandboxes.snelstart.catalog import btw_soort, land_id, midnight

T = EntityType
PATHS = {
    T.GL_ACCOUNT: "grootboeken",
    T.CONTACT: "relaties",
    T.DAYBOOK: "dagboeken",
    T.COST_CENTER: "kostenplaatsen",
    T.TRANSACTION_LINE: "grootboekmutaties",
}
DAYBOOK_KINDS = {
    "cash": "Kas",
    "bank": "Bank",
    "sales": "Verkoop",
    "purchase": "Inkoop",
    "general": "Memoriaal",
    "other": "Geen",
}
DAYBOOK_NUMBERS = {"KAS": 10, "BNK": 11, "VRK": 12, "INK": 13, "MEM": 14}
_REFERENCED = (T.GL_ACCOUNT, T.DAYBOOK, T.CONTACT, T.COST_CENTER, T.VAT_CODE)


def iso(value: dt.datetime | None) -> str | None:
    """A moment as SnelStart writes it: UTC, milliseconds, no offset."""
    if value is None:
        return None
    return value.astimezone(dt.UTC).replace(tzinfo=None).isoformat(timespec="milliseconds")


def number(entity_type: EntityType, code: str) -> int:
    """The ``nummer`` (``relatiecode`` for relations) SnelStart shows for a neutral code."""
    if code.isdigit():
        return int(code)
    if entity_type is T.DAYBOOK and code in DAYBOOK_NUMBERS:
        return DAYBOOK_NUMBERS[code]
    digits = re.sub(r"\D", "", code)
    return int(digits) if digits else 0


def amount(value: Decimal | None) -> float | None:
    """A decimal as a JSON number."""
    return None if value is None else float(value)


def reference(entity_type: EntityType, record: Record | None) -> dict[str, Any] | None:
    """An ``{id, uri}`` identifier model of a record (None for none)."""
    if record is None:
        return None
    return {"id": record["id"], "uri": f"/v2/{PATHS[entity_type]}/{record['id']}"}


def land(iso_code: str = "NL") -> dict[str, Any]:
    """A LandIdentifierModel."""
    return {"id": land_id(iso_code), "uri": f"/v2/landen/{land_id(iso_code)}"}


class Lookup:
    """One administration's records of the referenced types by neutral code, at a version."""

    def __init__(self, admin: AdministrationData) -> None:
        self.version = admin.version
        self.by_code: dict[EntityType, dict[str, Record]] = {
            t: {str(r["code"]): r for r in admin.table(t).rows() if r.get("code") is not None}
            for t in _REFERENCED
        }
        self.daybook_accounts = {
            str(r.get("gl_account_code")): DAYBOOK_KINDS.get(str(r.get("daybook_type")), "Geen")
            for r in admin.table(T.DAYBOOK).rows()
        }

    def get(self, entity_type: EntityType, code: str | None) -> Record | None:
        return None if code is None else self.by_code[entity_type].get(str(code))

    def ref(self, entity_type: EntityType, code: str | None) -> dict[str, Any] | None:
        return reference(entity_type, self.get(entity_type, code))


class SnelStartRenderer:
    """Renders records of the administrations of one sandbox, references resolved."""

    def __init__(self, data: SandboxData) -> None:
        self.data = data
        self._lookups: dict[str, Lookup] = {}

    def lookup(self, admin: AdministrationData) -> Lookup:
        """The administration's code index, rebuilt after any change."""
        found = self._lookups.get(admin.key)
        if found is None or found.version != admin.version:
            found = self._lookups[admin.key] = Lookup(admin)
        return found

    def owner(self, entity_type: EntityType, record: Record) -> AdministrationData | None:
        """The administration that holds a record."""
        for admin in self.data.administrations.values():
            if str(record["id"]) in admin.table(entity_type):
                return admin
        return None

    def __call__(self, entity_type: EntityType, record: Record) -> dict[str, Any]:
        """A record as the control API shows it (as the package serves it)."""
        admin = self.owner(entity_type, record)
        if entity_type is T.VAT_CODE:
            soort = btw_soort(record)
            return {"id": soort, **self.vat_rate(record)}
        if entity_type is T.FISCAL_PERIOD:
            return self.period(record)
        return self.render(admin, entity_type, record)

    def render(
        self, admin: AdministrationData | None, entity_type: EntityType, record: Record
    ) -> dict[str, Any]:
        """One record as SnelStart's API returns it."""
        build = _MODELS.get(entity_type)
        if build is None:
            return {"id": record["id"], "modifiedOn": iso(record.get("modified"))}
        lookup = self.lookup(admin) if admin is not None else None
        return build(record, lookup)

    @staticmethod
    def period(record: Record) -> dict[str, Any]:
        """A fiscal period as the control API shows it (SnelStart serves no such model)."""
        return {
            "id": f"{record['fiscal_year']}-{record['period']:02d}",
            "boekjaar": record["fiscal_year"],
            "periode": record["period"],
            "startDate": record["start_date"].isoformat(),
            "endDate": record["end_date"].isoformat(),
        }

    @staticmethod
    def vat_rate(record: Record) -> dict[str, Any]:
        """A neutral VAT record as its open-ended BtwTariefModel row."""
        percentage = Decimal(str(record.get("percentage") or 0))
        return {
            "btwSoort": btw_soort(record),
            "btwPercentage": float(percentage * 100 if percentage < 1 else percentage),
            "datumVanaf": None,
            "datumTotEnMet": None,
        }


def _grootboek(r: Record, lookup: Lookup | None) -> dict[str, Any]:
    functie = lookup.daybook_accounts.get(str(r["code"])) if lookup else None
    vat = lookup.get(T.VAT_CODE, r.get("vat_code")) if lookup else None
    return {
        "id": r["id"],
        "uri": f"/v2/grootboeken/{r['id']}",
        "modifiedOn": iso(r["modified"]),
        "omschrijving": r["name"],
        "kostenplaatsVerplicht": False,
        "rekeningCode": "Balans" if r["account_type"] == "balance" else "WinstEnVerlies",
        "nonactief": bool(r["blocked"]),
        "nummer": number(T.GL_ACCOUNT, str(r["code"])),
        "grootboekfunctie": f"Dagboek{functie}" if functie and functie != "Geen" else "Diversen",
        "grootboekRubriek": None,
        "rgsCode": [],
        "btwSoort": [] if vat is None else [btw_soort(vat)],
        "vatRateCode": None if vat is None else btw_soort(vat),
    }


def _adres() -> dict[str, Any]:
    return {
        "contactpersoon": None,
        "straat": None,
        "postcode": None,
        "plaats": None,
        "land": land(),
    }


def _email() -> dict[str, Any]:
    return {"shouldSend": False, "email": None, "ccEmail": None}


def _relatie(r: Record, _lookup: Lookup | None) -> dict[str, Any]:
    soorten = (("Klant", r["is_customer"]), ("Leverancier", r["is_supplier"]))
    return {
        "id": r["id"],
        "uri": f"/v2/relaties/{r['id']}",
        "modifiedOn": iso(r["modified"]),
        "relatiesoort": [soort for soort, on in soorten if on],
        "relatiecode": number(T.CONTACT, str(r["code"])),
        "naam": r["name"],
        "vestigingsAdres": _adres(),
        "correspondentieAdres": _adres(),
        "telefoon": None,
        "mobieleTelefoon": None,
        "fax": None,
        "email": r.get("email"),
        "btwNummer": r.get("vat_number"),
        "factuurkorting": None,
        "krediettermijn": None,
        "bankieren": False,
        "nonactief": False,
        "kredietLimiet": None,
        "memo": None,
        "kvkNummer": r.get("coc_number"),
        "oin": None,
        "websiteUrl": None,
        "aanmaningsoort": "Nee",
        **{f"{kind}EmailVersturen": _email() for kind in _EMAILS},
        "ublBestandAlsBijlage": False,
        "iban": r.get("iban"),
        "bic": None,
        "incassoSoort": "Geen",
        "factuurRelatie": None,
        "inkoopBoekingenUri": f"/v2/relaties/{r['id']}/inkoopboekingen",
        "verkoopBoekingenUri": f"/v2/relaties/{r['id']}/verkoopboekingen",
        "documents": [],
        "extraVeldenKlant": [],
    }


_EMAILS = ("offerte", "bevestigings", "factuur", "aanmaning", "offerteAanvraag", "bestelling")


def _dagboek(r: Record, _lookup: Lookup | None) -> dict[str, Any]:
    return {
        "id": r["id"],
        "uri": f"/v2/dagboeken/{r['id']}",
        "omschrijving": r["name"],
        "soort": DAYBOOK_KINDS.get(str(r["daybook_type"]), "Geen"),
        "nonactief": False,
        "nummer": number(T.DAYBOOK, str(r["code"])),
    }


def _kostenplaats(r: Record, _lookup: Lookup | None) -> dict[str, Any]:
    return {
        "id": r["id"],
        "uri": f"/v2/kostenplaatsen/{r['id']}",
        "omschrijving": r["name"],
        "nonactief": not r.get("active", True),
        "nummer": number(T.COST_CENTER, str(r["code"])),
    }


def _mutatie(r: Record, lookup: Lookup | None) -> dict[str, Any]:
    value = Decimal(r["amount"])
    debet, credit = (value, Decimal(0)) if value >= 0 else (Decimal(0), -value)
    daybook = lookup.get(T.DAYBOOK, r.get("daybook_code")) if lookup else None
    invoiced = daybook is not None and daybook.get("daybook_type") in ("sales", "purchase")
    date = r["date"]
    return {
        "id": r["id"],
        "uri": f"/v2/grootboekmutaties/{r['id']}",
        "grootboek": lookup.ref(T.GL_ACCOUNT, r.get("gl_account_code")) if lookup else None,
        "kostenplaats": lookup.ref(T.COST_CENTER, r.get("cost_center_code")) if lookup else None,
        "datum": midnight(date),
        "modifiedOn": iso(r["modified"]),
        "dagboek": reference(T.DAYBOOK, daybook),
        "omschrijving": r.get("description"),
        "debet": amount(debet),
        "credit": amount(credit),
        "saldo": amount(debet - credit),
        "documents": [],
        "boekstuk": r.get("boekstuk") or str(r["entry_number"]),
        "factuurNummer": (r.get("factuurnummer") or f"{date.year}{r['entry_number']:06d}")
        if invoiced
        else None,
        "relatiePublicIdentifier": (
            lookup.ref(T.CONTACT, r.get("contact_code")) if lookup else None
        ),
    }


_MODELS: dict[EntityType, Callable[[Record, Lookup | None], dict[str, Any]]] = {
    T.GL_ACCOUNT: _grootboek,
    T.CONTACT: _relatie,
    T.DAYBOOK: _dagboek,
    T.COST_CENTER: _kostenplaats,
    T.TRANSACTION_LINE: _mutatie,
}
