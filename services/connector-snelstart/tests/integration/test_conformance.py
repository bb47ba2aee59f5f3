"""connector-snelstart passes the connector conformance suite against the SnelStart sandbox."""

from ledgerbus_connector_snelstart.testing import snelstart_rig
from ledgerbus_connectorkit.testing.scope import every_request_to
from ledgerbus_connectorkit.testing.suite import ConformanceSuite
from ledgerbus_contracts import EntityType
from ledgerbus_sandboxes.snelstart import SnelStartSandboxConfig


class TestConformance(
    ConformanceSuite,
    rig=snelstart_rig,
    hard_deleted=EntityType.CONTACT,
    changed=(EntityType.GL_ACCOUNT, {"name": "Gewijzigd grootboek"}),
    # the lines' pages; the fiscal years probe with $top=1
    at_source=every_request_to(
        "/v2/grootboekmutaties?$top=500", "Datum ge datetime'{date}T00:00:00'"
    ),
    refused=({"client_key": "not-a-key"}, "client key"),
    administrations=frozenset(list(SnelStartSandboxConfig().administrations)[:1]),
):
    """SnelStart: a client key per administration."""
