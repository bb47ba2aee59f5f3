"""The scheduler's HTTP routes, all under ``/v1``."""

from ledgerbus_scheduler.api.routes import administrations, schedule, syncs

ROUTERS = [administrations.router, syncs.router, schedule.router]
