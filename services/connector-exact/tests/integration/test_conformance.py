"""connector-exact passes the connector conformance suite against the Exact sandbox."""

from ledgerbus_connector_exact.testing import exact_rig
from ledgerbus_connectorkit.testing.scope import every_request_to
from ledgerbus_connectorkit.testing.suite import ConformanceSuite
from ledgerbus_contracts import EntityType


class TestConformance(
    ConformanceSuite,
    rig=exact_rig,
    hard_deleted=EntityType.GL_ACCOUNT,
    changed=(EntityType.CONTACT, {"name": "Gewijzigde relatie BV"}),
    at_source=every_request_to(
        "/Financial/TransactionLines",  # never the sync endpoint: it filters on Timestamp only
        "/bulk/Financial/TransactionLines?",
        "$filter=Date ge datetime'{date}'",
    ),
    refused=({"code": "not-a-code"}, "token endpoint"),
    administrations=frozenset({"100001", "100002"}),
    entries_balance=True,
):
    """Exact Online: OAuth2 code flow, divisions, sync and bulk endpoints."""
