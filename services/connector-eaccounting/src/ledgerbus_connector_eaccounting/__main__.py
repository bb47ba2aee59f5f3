"""`python -m ledgerbus_connector_eaccounting`: serve the connector-eaccounting."""

from ledgerbus_connector_eaccounting.main import create_app
from ledgerbus_connector_eaccounting.settings import Settings
from ledgerbus_connectorkit.app import serve_connector

serve_connector(create_app, Settings())
