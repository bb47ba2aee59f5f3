"""One declarative stream per SnelStart entity type."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, ClassVar, Literal

from ledgerbus_connector_snelstart.snelstart.base import SnelStartStream, modified_version
from ledgerbus_contracts import EntityType
from ledgerbus_contracts.entities import (
    Contact,
    CostCenter,
    Daybook,
    GlAccount,
    TransactionLine,
    VatCode,
)

_DAYBOOK_KINDS: dict[str, Literal["bank", "cash", "sales", "purchase", "general", "other"]] = {
    "Kas": "cash",
    "Bank": "bank",
    "Verkoop": "sales",
    "Inkoop": "purchase",
    "Memoriaal": "general",
}


def _ref(raw: dict[str, Any], name: str) -> str | None:
    ref = raw.get(name)
    return None if not ref else str(ref.get("nummer") or ref["id"])


def percentage(text: str) -> Decimal:
    """A percentage without trailing zeros: ``21.000000`` is ``21`` (never ``1E+1``)."""
    value = Decimal(text)
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


class Grootboeken(SnelStartStream):
    """GL accounts; ``nummer`` is the account code."""

    entity_type: ClassVar[EntityType] = EntityType.GL_ACCOUNT
    path: ClassVar[str] = "grootboeken"

    def to_entity(self, raw: dict[str, Any], administration_id: str) -> GlAccount:
        return GlAccount(
            administration_id=administration_id,
            source_id=str(raw["id"]),
            source_version=modified_version(raw),
            code=str(raw["nummer"]),
            name=str(raw.get("omschrijving") or ""),
            account_type="balance" if raw.get("rekeningCode") == "Balans" else "profit_loss",
            blocked=bool(raw.get("nonactief")),
            raw=raw,
        )


class Relaties(SnelStartStream):
    """Relations; ``relatiesoort`` says customer (Klant) and/or supplier (Leverancier)."""

    entity_type: ClassVar[EntityType] = EntityType.CONTACT
    path: ClassVar[str] = "relaties"

    def to_entity(self, raw: dict[str, Any], administration_id: str) -> Contact:
        kinds = set(raw.get("relatiesoort") or [])
        return Contact(
            administration_id=administration_id,
            source_id=str(raw["id"]),
            source_version=modified_version(raw),
            code=str(raw["relatiecode"]),
            name=str(raw.get("naam") or ""),
            is_customer="Klant" in kinds,
            is_supplier="Leverancier" in kinds,
            vat_number=raw.get("btwNummer"),
            coc_number=raw.get("kvkNummer"),
            email=raw.get("email"),
            iban=raw.get("iban"),
            raw=raw,
        )


class Boekingsregels(SnelStartStream):
    """Journal lines (the sandbox's ``/v2/boekingsregels``; see the sandbox's notes)."""

    entity_type: ClassVar[EntityType] = EntityType.TRANSACTION_LINE
    path: ClassVar[str] = "boekingsregels"

    def to_entity(self, raw: dict[str, Any], administration_id: str) -> TransactionLine:
        return TransactionLine(
            administration_id=administration_id,
            source_id=str(raw["id"]),
            source_version=modified_version(raw),
            entry_id=str(raw["boekingId"]),
            entry_number=int(raw["boekstuk"]) if str(raw.get("boekstuk", "")).isdigit() else None,
            line_number=raw.get("regelnummer"),
            date=dt.datetime.fromisoformat(str(raw["datum"])).date(),
            daybook_code=_ref(raw, "dagboek"),
            gl_account_code=_ref(raw, "grootboek") or "",
            contact_code=_ref(raw, "relatie"),
            cost_center_code=_ref(raw, "kostenplaats"),
            description=raw.get("omschrijving"),
            amount=Decimal(str(raw["bedrag"])),
            raw=raw,
        )


class Dagboeken(SnelStartStream):
    """Daybooks (no OData: re-read in full)."""

    entity_type: ClassVar[EntityType] = EntityType.DAYBOOK
    path: ClassVar[str] = "dagboeken"
    odata: ClassVar[bool] = False

    def to_entity(self, raw: dict[str, Any], administration_id: str) -> Daybook:
        return Daybook(
            administration_id=administration_id,
            source_id=str(raw["id"]),
            source_version=modified_version(raw),
            code=str(raw["nummer"]),
            name=str(raw.get("omschrijving") or ""),
            daybook_type=_DAYBOOK_KINDS.get(str(raw.get("soort")), "other"),
            raw=raw,
        )


class Kostenplaatsen(SnelStartStream):
    """Cost centres (no OData)."""

    entity_type: ClassVar[EntityType] = EntityType.COST_CENTER
    path: ClassVar[str] = "kostenplaatsen"
    odata: ClassVar[bool] = False

    def to_entity(self, raw: dict[str, Any], administration_id: str) -> CostCenter:
        return CostCenter(
            administration_id=administration_id,
            source_id=str(raw["id"]),
            source_version=modified_version(raw),
            code=str(raw["nummer"]),
            name=str(raw.get("omschrijving") or ""),
            active=not raw.get("nonactief"),
            raw=raw,
        )


class BtwTarieven(SnelStartStream):
    """VAT rates (no OData); the code is the rate kind (Geen, Laag, Hoog, Overig)."""

    entity_type: ClassVar[EntityType] = EntityType.VAT_CODE
    path: ClassVar[str] = "btwtarieven"
    odata: ClassVar[bool] = False

    def to_entity(self, raw: dict[str, Any], administration_id: str) -> VatCode:
        direction = raw.get("richting")
        return VatCode(
            administration_id=administration_id,
            source_id=str(raw["id"]),
            source_version=modified_version(raw),
            code=str(raw["btwSoort"]),
            description=str(raw.get("omschrijving") or raw["btwSoort"]),
            percentage=percentage(str(raw["btwPercentage"])),
            vat_type=direction if direction in ("sales", "purchase") else "none",
            raw=raw,
        )


ALL_STREAMS: tuple[type[SnelStartStream], ...] = (
    Grootboeken,
    BtwTarieven,
    Dagboeken,
    Kostenplaatsen,
    Relaties,
    Boekingsregels,
)
