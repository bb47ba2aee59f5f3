"""connector-twinfield passes the connector conformance suite against the Twinfield sandbox."""

from ledgerbus_connector_twinfield.testing import twinfield_rig
from ledgerbus_connectorkit.testing.scope import every_request_to
from ledgerbus_connectorkit.testing.suite import ConformanceSuite
from ledgerbus_contracts import EntityType


class TestConformance(
    ConformanceSuite,
    rig=twinfield_rig,
    hard_deleted=EntityType.CONTACT,
    changed=(EntityType.TRANSACTION_LINE, {"description": "Gewijzigde regel"}),
    at_source=every_request_to(
        "browse 000:",  # the sandbox logs each browse's filters
        "fin.trs.head.date between {compact}..",
        "fin.trs.head.yearperiod between ",
    ),
    refused=({"code": "not-a-code"}, "token endpoint"),
    administrations=frozenset({"NLA000001", "NLA000002"}),
):
    """Twinfield: OpenID Connect code flow, SOAP on the office's cluster."""
