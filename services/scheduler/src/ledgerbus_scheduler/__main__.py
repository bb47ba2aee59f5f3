"""`python -m ledgerbus_scheduler`: serve the scheduler."""

from ledgerbus_scheduler.core.config import Settings
from ledgerbus_scheduler.main import create_app
from ledgerbus_servicekit.app import serve
from ledgerbus_servicekit.logging import setup_logging

settings = Settings()
setup_logging(settings.service_name)
serve(create_app(settings), settings.host, settings.port)
