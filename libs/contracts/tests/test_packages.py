"""Packages are discovered from their declarations (entry points), not listed anywhere."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import ValidationError

from ledgerbus_contracts import (
    CAPABILITIES,
    ConnectorVersionAnnounced,
    EntityType,
    Package,
    PackageDeclaration,
    RequestSync,
    UnknownPackageError,
    declared_packages,
    from_kafka,
    supported_entity_types,
    sync_request_message,
)
from ledgerbus_contracts.asyncapi import build_document
from ledgerbus_contracts.testing import declaration_source, distribution_declaring

DECLARATION = declaration_source()


@pytest.fixture
def abacus(tmp_path: Path) -> Iterator[str]:
    with distribution_declaring(tmp_path, "abacus", DECLARATION) as module:
        yield module


def test_the_installed_connectors_declare_the_three_packages() -> None:
    packages = declared_packages()
    assert list(packages)[:3] == ["exact", "twinfield", "snelstart"]
    assert packages["snelstart"].credential_kind == "api_key"
    assert packages["exact"].entity_types == frozenset(EntityType)
    assert Package.EXACT == Package("exact") == "exact"
    assert Package.declared()[:3] == [Package.EXACT, Package.TWINFIELD, Package.SNELSTART]


def test_a_declared_package_is_discovered_and_in_the_capability_matrix(abacus: str) -> None:
    assert declared_packages()["abacus"].title == "Abacus Books"
    assert Package("abacus") in CAPABILITIES
    assert supported_entity_types("abacus") == {EntityType.GL_ACCOUNT, EntityType.CONTACT}
    request = {
        "administration_id": "a1",
        "tenant_id": "t1",
        "package": "abacus",
        "external_id": "A-1",
        "source": "tests",
    }
    sent = sync_request_message(**request, entity_types=["gl_account"])
    message = from_kafka(sent.value, sent.headers, sent.key).data
    assert isinstance(message, RequestSync) and message.package == "abacus"
    with pytest.raises(ValueError, match="abacus does not support entity types: project"):
        sync_request_message(**request, entity_types=["project"])


def test_a_package_is_gone_once_its_distribution_is(tmp_path: Path) -> None:
    with distribution_declaring(tmp_path, "abacus", DECLARATION):
        assert "abacus" in declared_packages()
    assert "abacus" not in declared_packages()
    with pytest.raises(UnknownPackageError):
        Package("abacus")


def test_an_event_refuses_an_undeclared_package_naming_the_declared_ones() -> None:
    with pytest.raises(ValidationError) as caught:
        ConnectorVersionAnnounced(
            package="nope", version="1", requires_full_sync=False, at=dt.datetime.now(dt.UTC)
        )
    message = str(caught.value)
    assert "unknown package 'nope'" in message
    assert "exact, snelstart, twinfield" in message


def test_a_package_field_serialises_as_its_name() -> None:
    event = ConnectorVersionAnnounced.model_validate_json(
        '{"package": "twinfield", "version": "2", "requires_full_sync": true,'
        ' "at": "2026-01-01T00:00:00Z"}'
    )
    assert type(event.package) is Package
    assert event.model_dump(mode="json")["package"] == "twinfield"
    assert '"package":"twinfield"' in event.model_dump_json()


def test_the_asyncapi_document_does_not_depend_on_the_installed_packages(abacus: str) -> None:
    payload = build_document()["components"]["messages"]["ConnectorVersionAnnounced"]["payload"]
    schema = payload["properties"]["package"]
    assert schema["type"] == "string" and "enum" not in schema


def test_a_declaration_checks_its_name_and_entity_types() -> None:
    fields = {
        "title": "X",
        "credential_kind": "oauth2",
        "version": "1",
        "connector_port": 1,
        "sandbox_module": "x",
        "sandbox_port": 2,
        "demo": None,
    }
    with pytest.raises(ValueError, match="lowercase"):
        PackageDeclaration(name="Bad-Name", entity_types=frozenset({"contact"}), **fields)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="no entity types"):
        PackageDeclaration(name="empty", entity_types=frozenset(), **fields)  # type: ignore[arg-type]


def test_iterating_the_package_type_walks_the_declared_packages(abacus: str) -> None:
    assert list(Package) == Package.declared()
    assert "abacus" in list(Package) and len(Package) == len(declared_packages())
