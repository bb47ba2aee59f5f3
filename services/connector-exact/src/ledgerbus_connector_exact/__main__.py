"""`python -m ledgerbus_connector_exact`: serve the connector-exact."""

from ledgerbus_connector_exact.core.config import Settings
from ledgerbus_connector_exact.main import create_app
from ledgerbus_connectorkit.app import serve_connector

serve_connector(create_app, Settings())
