"""`python -m ledgerbus_ledger_store`: serve the ledger-store."""

from ledgerbus_ledger_store.core.config import Settings
from ledgerbus_ledger_store.main import create_app
from ledgerbus_servicekit.app import serve
from ledgerbus_servicekit.logging import setup_logging

settings = Settings()
setup_logging(settings.service_name)
serve(create_app(settings), settings.host, settings.port)
