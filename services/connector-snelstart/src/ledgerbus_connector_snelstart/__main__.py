"""`python -m ledgerbus_connector_snelstart`: serve the connector-snelstart."""

from ledgerbus_connector_snelstart.core.config import Settings
from ledgerbus_connector_snelstart.main import create_app
from ledgerbus_connectorkit.app import serve_connector

serve_connector(create_app, Settings())
