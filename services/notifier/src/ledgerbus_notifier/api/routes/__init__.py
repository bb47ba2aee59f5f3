"""The notifier's HTTP routes, all under ``/v1``."""

from ledgerbus_notifier.api.routes import recipients

ROUTERS = [recipients.router]
