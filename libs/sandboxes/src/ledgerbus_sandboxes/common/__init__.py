"""What every package sandbox shares: seeded data, request statistics, the control API."""

from ledgerbus_sandboxes.common.control import Fault, Sandbox, SandboxClock, control_router
from ledgerbus_sandboxes.common.data import AdministrationData, DataSizes, SandboxData
from ledgerbus_sandboxes.common.generate import generate_administration
from ledgerbus_sandboxes.common.stats import RequestStats
from ledgerbus_sandboxes.common.table import Record, RecordTable

__all__ = [
    "AdministrationData",
    "DataSizes",
    "Fault",
    "Record",
    "RecordTable",
    "RequestStats",
    "Sandbox",
    "SandboxClock",
    "SandboxData",
    "control_router",
    "generate_administration",
]
