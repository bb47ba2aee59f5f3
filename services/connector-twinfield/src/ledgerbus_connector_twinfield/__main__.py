"""`python -m ledgerbus_connector_twinfield`: serve the connector-twinfield."""

from ledgerbus_connector_twinfield.core.config import Settings
from ledgerbus_connector_twinfield.main import create_app
from ledgerbus_connectorkit.app import serve_connector

serve_connector(create_app, Settings())
