"""``current/Me``, ``hrm/Divisions`` and ``system/Divisions`` as collections of rows.

Properties from picqer/exact-php-client ``Me.php`` (SystemSystemMe), ``Division.php``
(HRMDivisions) and ``SystemDivision.php`` (SystemSystemDivisions): ``Current`` and
``DivisionMoveDate`` belong to ``system/Divisions`` only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ledgerbus_sandboxes.common.data import EPOCH
from ledgerbus_sandboxes.exact.config import ExactSandboxConfig
from ledgerbus_sandboxes.exact.render import exact_date

Row = dict[str, Any]


@dataclass(frozen=True)
class Collection:
    """A small, fixed set of rows with its property types and key."""

    name: str
    types: dict[str, str]
    rows: list[Row]
    key: str


ME_TYPES = {
    "UserID": "guid",
    "AccountingDivision": "int",
    "CurrentDivision": "int",
    "Email": "string",
    "FirstName": "string",
    "LastName": "string",
    "FullName": "string",
    "LanguageCode": "string",
    "Legislation": "int",
    "UserName": "string",
}
HRM_TYPES = {
    "Code": "int",
    "Description": "string",
    "Country": "string",
    "Currency": "string",
    "HID": "int",
    "Main": "bool",
    "StartDate": "datetime",
    "Status": "int",
    "BlockingStatus": "int",
    "Modified": "datetime",
}
SYSTEM_TYPES = {
    "Code": "int",
    "Description": "string",
    "Country": "string",
    "Currency": "string",
    "Current": "bool",
    "DivisionMoveDate": "datetime",
    "Hid": "int",
    "IsMainDivision": "bool",
    "Legislation": "string",
    "StartDate": "datetime",
    "Status": "int",
    "Modified": "datetime",
}


def me(config: ExactSandboxConfig) -> Collection:
    """The signed-in demo user; ``CurrentDivision`` is the first configured division."""
    current = next(iter(config.divisions))
    row = {
        "UserID": "5f1c0a4e-0000-4000-8000-000000000001",
        "AccountingDivision": current,
        "CurrentDivision": current,
        "Email": "demo@ledgerbus.example",
        "FirstName": "Demo",
        "LastName": "Accountant",
        "FullName": "Demo Accountant",
        "LanguageCode": "nl-NL",
        "Legislation": 1,
        "UserName": "demo@ledgerbus.example",
    }
    return Collection("Me", ME_TYPES, [row], "UserID")


def divisions(config: ExactSandboxConfig, *, system: bool) -> Collection:
    """Every configured division, as ``hrm/Divisions`` or ``system/Divisions`` has it."""
    current = next(iter(config.divisions))
    started = exact_date(EPOCH.date())
    rows: list[Row] = []
    for n, (code, name) in enumerate(config.divisions.items()):
        common = {
            "Code": code,
            "Description": name,
            "Country": "NL",
            "Currency": "EUR",
            "StartDate": started,
            "Status": 1 if system else 0,
            "Modified": started,
        }
        if system:
            rows.append(
                common
                | {
                    "Current": code == current,
                    "DivisionMoveDate": None,
                    "Hid": n + 1,
                    "IsMainDivision": n == 0,
                    "Legislation": "1",
                }
            )
        else:
            rows.append(common | {"HID": n + 1, "Main": n == 0, "BlockingStatus": 0})
    return Collection("Divisions", SYSTEM_TYPES if system else HRM_TYPES, rows, "Code")
