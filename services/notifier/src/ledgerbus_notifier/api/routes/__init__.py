"""The notifier's HTTP routes, all under ``/v1``."""

from ledgerbus_notifier.api.routes import notifications, recipients

ROUTERS = [recipients.router, notifications.router]
