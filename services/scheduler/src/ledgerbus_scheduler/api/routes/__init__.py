"""The scheduler's HTTP routes, all under ``/v1``."""

from ledgerbus_scheduler.api.routes import administrations, imports, schedule, syncs

ROUTERS = [administrations.router, imports.router, syncs.router, schedule.router]
