"""Accounting packages declare themselves once; everything else discovers them.

A package's connector distribution names a :class:`PackageDeclaration` as an entry point
in the ``ledgerbus.packages`` group of its ``pyproject.toml``::

    [project.entry-points."ledgerbus.packages"]
    snelstart = "ledgerbus_connector_snelstart.declaration:PACKAGE"

The capability matrix, :class:`ledgerbus_contracts.Package` validation, the platform
runner, the demo, the scheduler's connector URLs and the notifier's texts all read
:func:`declared_packages`, so adding a package edits none of them. Discovery is lazy
(first use, then cached): a declaration module imports ``ledgerbus_contracts`` itself,
so nothing here may load entry points while the contracts are being imported.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from types import MappingProxyType
from typing import Literal

from ledgerbus_contracts.entities import EntityType

ENTRY_POINT_GROUP = "ledgerbus.packages"
"""The entry point group in which a distribution declares its package."""

CredentialKind = Literal["oauth2", "api_key"]
"""How a connection authenticates: an OAuth2 code grant or an API/client key."""

_NAME = re.compile(r"^[a-z][a-z0-9]{1,31}$")


@dataclass(frozen=True)
class DemoAdministration:
    """The sandbox administration the local demo registers for a package."""

    external_id: str
    name: str


@dataclass(frozen=True)
class PackageDeclaration:
    """Everything the platform needs to know about one accounting package.

    ``name`` is the package's id on the wire (events, administrations, topics' keys):
    lowercase letters and digits. Ports are the local defaults; the variables named by
    the ``*_variable`` properties override them. ``demo_credentials`` is ``""`` when the
    sandbox answers ``GET /_sandbox/demo-credentials`` with the body of the connector's
    ``PUT /v1/connections/{id}`` (without ``tenant_id``), else ``"module:function"`` of
    an async function taking the sandbox URL and returning that body.
    ``takes_postings`` says that the connector books the ``postings`` topic's
    ``PostEntries`` (its consumer group is ``connector-<name>-postings``), so the
    ledger-store accepts postings for the package.
    """

    name: str
    title: str
    entity_types: frozenset[EntityType]
    credential_kind: CredentialKind
    version: str
    connector_port: int
    sandbox_module: str
    sandbox_port: int
    demo: DemoAdministration
    demo_credentials: str = ""
    sandbox_health_path: str = "/_sandbox/stats"
    connector_env: Mapping[str, str] = field(default_factory=dict)
    takes_postings: bool = False

    def __post_init__(self) -> None:
        if not _NAME.match(self.name):
            raise ValueError(f"package name {self.name!r} must be 2-32 lowercase letters/digits")
        if not self.entity_types:
            raise ValueError(f"package {self.name!r} declares no entity types")
        types = frozenset(EntityType(t) for t in self.entity_types)
        object.__setattr__(self, "entity_types", types)

    @property
    def service(self) -> str:
        """The connector service's name: ``connector-<name>``."""
        return f"connector-{self.name}"

    @property
    def connector_module(self) -> str:
        """The connector's module, run with ``python -m``."""
        return f"ledgerbus_connector_{self.name}"

    @property
    def connector_port_variable(self) -> str:
        """The variable that overrides the connector's port: ``CONNECTOR_<NAME>_PORT``."""
        return f"CONNECTOR_{self.name.upper()}_PORT"

    @property
    def sandbox_port_variable(self) -> str:
        """The variable that overrides the sandbox's port: ``<NAME>_SANDBOX_PORT``."""
        return f"{self.name.upper()}_SANDBOX_PORT"

    @property
    def base_url_variable(self) -> str:
        """The connector's setting for the package API's base URL: ``<NAME>_BASE_URL``."""
        return f"{self.name.upper()}_BASE_URL"

    @property
    def demo_administration_id(self) -> str:
        """The demo's administration and connection id: ``demo-<name>``."""
        return f"demo-{self.name}"


class UnknownPackageError(ValueError):
    """A package name that no installed distribution declares."""

    def __init__(self, name: object) -> None:
        known = ", ".join(sorted(declared_packages())) or "none"
        super().__init__(f"unknown package {name!r}; the declared packages are: {known}")


@functools.cache
def _discovered() -> dict[str, PackageDeclaration]:
    found: dict[str, PackageDeclaration] = {}
    for point in entry_points(group=ENTRY_POINT_GROUP):
        declaration = point.load()
        if not isinstance(declaration, PackageDeclaration):
            raise TypeError(f"entry point {point.value!r} is not a PackageDeclaration")
        if declaration.name != point.name:
            raise ValueError(
                f"entry point {point.name!r} declares package {declaration.name!r}; the names"
                " must match"
            )
        found[declaration.name] = declaration
    return found


@functools.cache
def _declared() -> Mapping[str, PackageDeclaration]:
    ordered = sorted(_discovered().items(), key=lambda item: (item[1].connector_port, item[0]))
    return MappingProxyType(dict(ordered))


def declared_packages() -> Mapping[str, PackageDeclaration]:
    """Every declared package by name, in connector-port order (stable across runs).

    Read-only and cached: every ``Package`` validation asks it."""
    return _declared()


def declaration(name: str) -> PackageDeclaration:
    """The declaration of package ``name``; :class:`UnknownPackageError` when none."""
    found = declared_packages().get(str(name))
    if found is None:
        raise UnknownPackageError(name)
    return found


def refresh_packages() -> None:
    """Forget what discovery found, so the next use reads the entry points again."""
    _discovered.cache_clear()
    _declared.cache_clear()
