"""One declarative stream per Exact entity type."""

from __future__ import annotations

from typing import Any, ClassVar

from ledgerbus_connector_exact.exact.base import ExactSyncStream
from ledgerbus_connector_exact.exact.values import code
from ledgerbus_contracts import EntityType
from ledgerbus_contracts.entities import GlAccount


class GlAccounts(ExactSyncStream):
    """General-ledger accounts (``sync/Financial/GLAccounts``)."""

    entity_type: ClassVar[EntityType] = EntityType.GL_ACCOUNT
    path: ClassVar[str] = "sync/Financial/GLAccounts"
    select: ClassVar[tuple[str, ...]] = (
        "ID",
        "Code",
        "Description",
        "BalanceSide",
        "BalanceType",
        "VATCode",
        "IsBlocked",
        "Timestamp",
    )

    def to_entity(self, raw: dict[str, Any], administration_id: str) -> GlAccount:
        """Exact's BalanceType B is the balance sheet, W (winst en verlies) profit and loss."""
        return GlAccount(
            administration_id=administration_id,
            source_id=str(raw["ID"]),
            source_version=int(raw["Timestamp"]),
            code=code(raw["Code"]) or "",
            name=str(raw.get("Description") or ""),
            account_type="balance" if raw.get("BalanceType") == "B" else "profit_loss",
            balance_side={"D": "debit", "C": "credit"}.get(str(raw.get("BalanceSide"))),
            vat_code=code(raw.get("VATCode")),
            blocked=bool(raw.get("IsBlocked")),
            raw=raw,
        )


ALL_STREAMS: tuple[type[ExactSyncStream], ...] = (GlAccounts,)
