"""Which entity types each accounting package supports: the capability matrix.

Both the package names and the matrix come from the packages' declarations
(:mod:`ledgerbus_contracts.packages`), so a new package edits nothing here.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, ClassVar

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, core_schema

from ledgerbus_contracts.entities import EntityType
from ledgerbus_contracts.packages import (
    PackageDeclaration,
    UnknownPackageError,
    declaration,
    declared_packages,
)


class _PackageType(type):
    """Iterating the ``Package`` class yields the declared packages, as an enum would."""

    def __iter__(cls) -> Iterator[Package]:
        return iter(Package.declared())

    def __len__(cls) -> int:
        return len(declared_packages())


class Package(str, metaclass=_PackageType):
    """An accounting package's name, one that an installed distribution declares.

    ``Package("exact")`` is ``"exact"`` (it compares, hashes and serialises as the plain
    string); an undeclared name raises :class:`UnknownPackageError`, a ``ValueError``,
    so a pydantic field of this type refuses it with a message listing the declared
    packages. ``Package.EXACT``, ``Package.TWINFIELD`` and ``Package.SNELSTART`` name
    the first three packages for code that means one of them; ``for p in Package``
    walks the declared ones.
    """

    __slots__ = ()

    EXACT: ClassVar[Package]
    TWINFIELD: ClassVar[Package]
    SNELSTART: ClassVar[Package]

    def __new__(cls, value: object) -> Package:
        if isinstance(value, Package):
            return value
        if not isinstance(value, str) or value not in declared_packages():
            raise UnknownPackageError(value)
        return super().__new__(cls, value)

    def __repr__(self) -> str:
        return f"Package({str.__repr__(self)})"

    @property
    def declaration(self) -> PackageDeclaration:
        """This package's declaration."""
        return declaration(self)

    @classmethod
    def declared(cls) -> list[Package]:
        """Every declared package, in declaration order."""
        return [cls(name) for name in declared_packages()]

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: type[Any], handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        return core_schema.no_info_after_validator_function(
            cls, core_schema.str_schema(), serialization=core_schema.to_string_ser_schema()
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {
            "type": "string",
            "title": "Package",
            "pattern": "^[a-z][a-z0-9]{1,31}$",
            "description": "An accounting package's name, one an installed connector declares"
            " (entry point group ledgerbus.packages), e.g. exact, twinfield, snelstart.",
        }


Package.EXACT = str.__new__(Package, "exact")
Package.TWINFIELD = str.__new__(Package, "twinfield")
Package.SNELSTART = str.__new__(Package, "snelstart")


class _Capabilities(Mapping[Package, frozenset[EntityType]]):
    """The declared packages' entity types, read from discovery on every lookup."""

    def __getitem__(self, package: Package | str) -> frozenset[EntityType]:
        return declaration(str(package)).entity_types

    def __iter__(self) -> Iterator[Package]:
        return iter(Package.declared())

    def __len__(self) -> int:
        return len(declared_packages())


CAPABILITIES: Mapping[Package, frozenset[EntityType]] = _Capabilities()
"""The entity types each package's connector can sync."""


def supported_entity_types(package: Package | str) -> frozenset[EntityType]:
    """The entity types that ``package`` supports."""
    return CAPABILITIES[Package(package)]


def unsupported_entity_types(
    package: Package | str, requested: list[EntityType] | list[str]
) -> list[str]:
    """The requested entity types that ``package`` does not support, in request order."""
    supported = supported_entity_types(package)
    return [str(t) for t in requested if t not in {str(s) for s in supported}]
