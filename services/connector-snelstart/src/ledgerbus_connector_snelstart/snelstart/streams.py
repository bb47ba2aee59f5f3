"""One declarative stream per SnelStart entity type, on the published resources."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, ClassVar, Literal

from ledgerbus_connector_snelstart.snelstart.base import SnelStartStream, date_of
from ledgerbus_connector_snelstart.snelstart.references import ReferenceCodes
from ledgerbus_contracts import EntityType
from ledgerbus_contracts.entities import (
    Contact,
    CostCenter,
    Daybook,
    EntityBase,
    GlAccount,
    TransactionLine,
    VatCode,
)
from ledgerbus_servicekit import Clock

_DAYBOOK_KINDS: dict[str, Literal["bank", "cash", "sales", "purchase", "general", "other"]] = {
    "Kas": "cash",
    "Bank": "bank",
    "Verkoop": "sales",
    "Inkoop": "purchase",
    "Memoriaal": "general",
}


def percentage(value: Any) -> Decimal:
    """A percentage without trailing zeros: ``21.000000`` is ``21`` (never ``1E+1``)."""
    number = Decimal(str(value))
    if number == number.to_integral_value():
        return number.quantize(Decimal(1))
    return number.normalize()


def decimal(value: Any) -> Decimal:
    """A JSON number as the exact decimal it was written as (0 for none)."""
    return Decimal(str(value)) if value is not None else Decimal(0)


class Grootboeken(SnelStartStream):
    """GL accounts; ``nummer`` is the account code."""

    entity_type: ClassVar[EntityType] = EntityType.GL_ACCOUNT
    entity_model: ClassVar[type[EntityBase]] = GlAccount
    path: ClassVar[str] = "grootboeken"

    def fields(self, raw: dict[str, Any], administration_id: str) -> dict[str, Any]:
        soorten = raw.get("btwSoort") or []
        return {
            "code": str(raw["nummer"]),
            "name": str(raw.get("omschrijving") or ""),
            "account_type": "balance" if raw.get("rekeningCode") == "Balans" else "profit_loss",
            "vat_code": str(soorten[0]) if soorten else None,
            "blocked": bool(raw.get("nonactief")),
        }


class Relaties(SnelStartStream):
    """Relations; ``relatiesoort`` says customer (Klant) and/or supplier (Leverancier)."""

    entity_type: ClassVar[EntityType] = EntityType.CONTACT
    entity_model: ClassVar[type[EntityBase]] = Contact
    path: ClassVar[str] = "relaties"

    def fields(self, raw: dict[str, Any], administration_id: str) -> dict[str, Any]:
        kinds = set(raw.get("relatiesoort") or [])
        return {
            "code": str(raw["relatiecode"]),
            "name": str(raw.get("naam") or ""),
            "is_customer": "Klant" in kinds,
            "is_supplier": "Leverancier" in kinds,
            "vat_number": raw.get("btwNummer"),
            "coc_number": raw.get("kvkNummer"),
            "email": raw.get("email"),
            "iban": raw.get("iban"),
        }


class Grootboekmutaties(SnelStartStream):
    """Journal lines: ``/v2/grootboekmutaties``, amount ``debet - credit``.

    The model has no entry id or line number: the lines of one entry share their
    daybook and ``boekstuk`` (SnelStart numbers boekstukken per daybook), so the entry
    id is ``<dagboek id>/<boekstuk>``. References are resolved to codes by the
    session's client before the page arrives here (see ``references``). Dated: a
    ``sync_from`` or ``since`` is applied at the source as ``Datum ge datetime'...'``,
    and-ed with the incremental ``ModifiedOn`` filter.
    """

    entity_type: ClassVar[EntityType] = EntityType.TRANSACTION_LINE
    entity_model: ClassVar[type[EntityBase]] = TransactionLine
    path: ClassVar[str] = "grootboekmutaties"
    dated: ClassVar[bool] = True

    def __init__(self, references: ReferenceCodes, clock: Clock | None = None) -> None:
        super().__init__(clock)
        self.references = references

    def fields(self, raw: dict[str, Any], administration_id: str) -> dict[str, Any]:
        def code(name: str) -> str | None:
            return self.references.code(administration_id, raw, name)

        boekstuk = str(raw.get("boekstuk") or "")
        daybook = raw.get("dagboek") or {}
        return {
            "entry_id": f"{daybook.get('id') or '-'}/{boekstuk}",
            "entry_number": int(boekstuk) if boekstuk.isdigit() else None,
            "date": date_of(raw["datum"]),
            "daybook_code": code("dagboek"),
            "gl_account_code": code("grootboek") or "",
            "contact_code": code("relatiePublicIdentifier"),
            "cost_center_code": code("kostenplaats"),
            "description": raw.get("omschrijving"),
            "amount": decimal(raw.get("debet")) - decimal(raw.get("credit")),
        }


class Dagboeken(SnelStartStream):
    """Daybooks (no OData: re-read in full)."""

    entity_type: ClassVar[EntityType] = EntityType.DAYBOOK
    entity_model: ClassVar[type[EntityBase]] = Daybook
    path: ClassVar[str] = "dagboeken"
    odata: ClassVar[bool] = False

    def fields(self, raw: dict[str, Any], administration_id: str) -> dict[str, Any]:
        return {
            "code": str(raw["nummer"]),
            "name": str(raw.get("omschrijving") or ""),
            "daybook_type": _DAYBOOK_KINDS.get(str(raw.get("soort")), "other"),
        }


class Kostenplaatsen(SnelStartStream):
    """Cost centres (no OData)."""

    entity_type: ClassVar[EntityType] = EntityType.COST_CENTER
    entity_model: ClassVar[type[EntityBase]] = CostCenter
    path: ClassVar[str] = "kostenplaatsen"
    odata: ClassVar[bool] = False

    def fields(self, raw: dict[str, Any], administration_id: str) -> dict[str, Any]:
        return {
            "code": str(raw["nummer"]),
            "name": str(raw.get("omschrijving") or ""),
            "active": not raw.get("nonactief"),
        }


class BtwTarieven(SnelStartStream):
    """VAT codes: the rate of each ``btwSoort`` valid today, from ``/btwtarieven``'s history.

    A BtwTariefModel row has no id: the ``btwSoort`` (Geen, Laag, Hoog, Overig) is the
    code and the source id, and the version is the rate's ``datumVanaf``, so a new
    rate replaces the old one.
    """

    entity_type: ClassVar[EntityType] = EntityType.VAT_CODE
    entity_model: ClassVar[type[EntityBase]] = VatCode
    path: ClassVar[str] = "btwtarieven"
    odata: ClassVar[bool] = False

    def records(self, payload: Any) -> list[dict[str, Any]]:
        today = self.clock.now().date()
        current: dict[str, tuple[dt.date, dict[str, Any]]] = {}
        for row in payload:
            start = date_of(row["datumVanaf"]) if row.get("datumVanaf") else dt.date.min
            end = date_of(row["datumTotEnMet"]) if row.get("datumTotEnMet") else dt.date.max
            held = current.get(str(row["btwSoort"]))
            if start <= today <= end and (held is None or held[0] < start):
                current[str(row["btwSoort"])] = (start, row)
        return [row for _, row in current.values()]

    def source_id(self, raw: dict[str, Any]) -> str:
        """The ``btwSoort``."""
        return str(raw["btwSoort"])

    def version(self, raw: dict[str, Any]) -> int:
        """The rate's ``datumVanaf`` (UTC) in epoch microseconds."""
        start = raw.get("datumVanaf")
        moment = dt.datetime.fromisoformat(str(start)).replace(tzinfo=dt.UTC) if start else None
        return int(moment.timestamp() * 1_000_000) if moment else 0

    def fields(self, raw: dict[str, Any], administration_id: str) -> dict[str, Any]:
        return {
            "code": str(raw["btwSoort"]),
            "description": f"Btw {raw['btwSoort']}",
            "percentage": percentage(raw["btwPercentage"]),
        }
