"""Exact Online, declared once for discovery (entry point ``ledgerbus.packages``)."""

from ledgerbus_contracts import EntityType
from ledgerbus_contracts.packages import DemoAdministration, PackageDeclaration

PACKAGE = PackageDeclaration(
    name="exact",
    title="Exact Online",
    entity_types=frozenset(EntityType),
    credential_kind="oauth2",
    version="0.1.0",
    connector_port=8011,
    sandbox_module="ledgerbus_sandboxes.exact",
    sandbox_port=8091,
    demo=DemoAdministration(external_id="100001", name="Demo Exact BV"),
    demo_credentials="ledgerbus_sandboxes.exact.consent:demo_credentials",
    takes_postings=True,
)
