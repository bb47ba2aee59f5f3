"""Visma eAccounting, declared once for discovery (entry point ``ledgerbus.packages``)."""

from ledgerbus_contracts import EntityType
from ledgerbus_contracts.packages import DemoAdministration, PackageDeclaration

PACKAGE = PackageDeclaration(
    name="eaccounting",
    title="Visma eAccounting",
    entity_types=frozenset(
        {
            EntityType.GL_ACCOUNT,
            EntityType.VAT_CODE,
            EntityType.COST_CENTER,
            EntityType.COST_UNIT,
            EntityType.PROJECT,
            EntityType.CONTACT,
            EntityType.FISCAL_PERIOD,
            EntityType.TRANSACTION_LINE,
        }
    ),
    credential_kind="oauth2",
    version="0.1.0",
    connector_port=8014,
    sandbox_module="ledgerbus_sandboxes.eaccounting",
    sandbox_port=8094,
    demo=DemoAdministration(external_id="demo-eaccounting", name="Demo eAccounting BV"),
    demo_credentials="ledgerbus_connector_eaccounting.testing:consent",
)
