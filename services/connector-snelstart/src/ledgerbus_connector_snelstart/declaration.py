"""SnelStart, declared once for discovery (entry point ``ledgerbus.packages``)."""

from ledgerbus_contracts import EntityType
from ledgerbus_contracts.packages import DemoAdministration, PackageDeclaration

PACKAGE = PackageDeclaration(
    name="snelstart",
    title="SnelStart",
    entity_types=frozenset(
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
    credential_kind="api_key",
    version="0.1.0",
    connector_port=8013,
    sandbox_module="ledgerbus_sandboxes.snelstart",
    sandbox_port=8093,
    demo=DemoAdministration(
        external_id="00000000-0000-4000-8000-000000000001", name="Demo SnelStart BV"
    ),
    takes_postings=True,
)
