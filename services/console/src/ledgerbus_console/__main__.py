from ledgerbus_console.core.config import Settings
from ledgerbus_console.main import create_app
from ledgerbus_servicekit.app import serve
from ledgerbus_servicekit.logging import setup_logging

settings = Settings()
setup_logging(settings.service_name)
serve(create_app(settings), settings.host, settings.port)
