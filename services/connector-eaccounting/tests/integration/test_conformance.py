"""connector-eaccounting passes the connector conformance suite against the eAccounting sandbox."""

from ledgerbus_connector_eaccounting.testing import eaccounting_rig
from ledgerbus_connectorkit.testing.scope import every_request_to
from ledgerbus_connectorkit.testing.suite import ConformanceSuite
from ledgerbus_contracts import EntityType


class TestConformance(
    ConformanceSuite,
    rig=eaccounting_rig,
    hard_deleted=EntityType.CONTACT,
    changed=(EntityType.GL_ACCOUNT, {"name": "Gewijzigde rekening"}),
    at_source=every_request_to("/v2/vouchers?", "VoucherDate ge {date}"),
    refused=({"code": "not-a-code"}, "authorization code is invalid"),
    administrations=frozenset({"demo-eaccounting"}),
    entries_balance=True,
):
    """Visma eAccounting: an OAuth2 code per company."""
