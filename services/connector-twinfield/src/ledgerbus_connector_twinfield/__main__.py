"""`python -m ledgerbus_connector_twinfield`: serve the connector-twinfield."""

from ledgerbus_connector_twinfield.core.config import Settings
from ledgerbus_connector_twinfield.main import create_app
from ledgerbus_servicekit.app import serve
from ledgerbus_servicekit.logging import setup_logging

settings = Settings()
setup_logging(settings.service_name)
serve(create_app(settings), settings.host, settings.port)
