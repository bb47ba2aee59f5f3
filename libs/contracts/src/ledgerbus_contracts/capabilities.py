"""Which entity types each accounting package supports: the capability matrix."""

from __future__ import annotations

from enum import StrEnum

from ledgerbus_contracts.entities import EntityType


class Package(StrEnum):
    """The accounting packages ledgerbus connects to."""

    EXACT = "exact"
    TWINFIELD = "twinfield"
    SNELSTART = "snelstart"


_ALL = frozenset(EntityType)

CAPABILITIES: dict[Package, frozenset[EntityType]] = {
    Package.EXACT: _ALL,
    Package.TWINFIELD: frozenset(
        {
            EntityType.GL_ACCOUNT,
            EntityType.VAT_CODE,
            EntityType.DAYBOOK,
            EntityType.COST_CENTER,
            EntityType.PROJECT,
            EntityType.CONTACT,
            EntityType.FISCAL_PERIOD,
            EntityType.PAYMENT_TERM,
            EntityType.TRANSACTION_LINE,
        }
    ),
    Package.SNELSTART: frozenset(
        {
            EntityType.GL_ACCOUNT,
            EntityType.VAT_CODE,
            EntityType.DAYBOOK,
            EntityType.COST_CENTER,
            EntityType.CONTACT,
            EntityType.FISCAL_PERIOD,
            EntityType.TRANSACTION_LINE,
        }
    ),
}
"""The entity types each package's connector can sync."""


def supported_entity_types(package: Package | str) -> frozenset[EntityType]:
    """The entity types that ``package`` supports."""
    return CAPABILITIES[Package(package)]


def unsupported_entity_types(
    package: Package | str, requested: list[EntityType] | list[str]
) -> list[str]:
    """The requested entity types that ``package`` does not support, in request order."""
    supported = supported_entity_types(package)
    return [str(t) for t in requested if t not in {str(s) for s in supported}]
