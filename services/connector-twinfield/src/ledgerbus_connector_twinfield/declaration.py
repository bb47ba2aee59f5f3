"""Twinfield, declared once for discovery (entry point ``ledgerbus.packages``)."""

from ledgerbus_contracts import EntityType
from ledgerbus_contracts.packages import DemoAdministration, PackageDeclaration

PACKAGE = PackageDeclaration(
    name="twinfield",
    title="Twinfield",
    entity_types=frozenset(
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
    credential_kind="oauth2",
    version="0.1.0",
    connector_port=8012,
    sandbox_module="ledgerbus_sandboxes.twinfield",
    sandbox_port=8092,
    demo=DemoAdministration(external_id="NLA000001", name="Demo Twinfield BV"),
    takes_postings=True,
)
