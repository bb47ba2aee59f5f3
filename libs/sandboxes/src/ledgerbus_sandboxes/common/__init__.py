"""What every package sandbox shares: seeded data, request statistics, the control API."""

from ledgerbus_sandboxes.common.control import Fault, Sandbox, SandboxClock, control_router
from ledgerbus_sandboxes.common.data import (
    AdministrationData,
    DataSizes,
    Record,
    SandboxData,
    generate_administration,
)
from ledgerbus_sandboxes.common.stats import RequestStats

__all__ = [
    "AdministrationData",
    "DataSizes",
    "Fault",
    "Record",
    "RequestStats",
    "Sandbox",
    "SandboxClock",
    "SandboxData",
    "control_router",
    "generate_administration",
]
