"""Test helpers: install a throw-away distribution that declares a package."""

from __future__ import annotations

import contextlib
import importlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ledgerbus_contracts.packages import ENTRY_POINT_GROUP, refresh_packages


@contextlib.contextmanager
def distribution_declaring(root: Path, package: str, declaration_source: str) -> Iterator[str]:
    """Put a distribution on ``sys.path`` whose entry point declares ``package``.

    ``declaration_source`` is the text of its module, which must define ``PACKAGE``
    (a :class:`~ledgerbus_contracts.packages.PackageDeclaration`). Discovery finds it
    as it finds an installed connector: through ``importlib.metadata`` entry points.
    Yields the module's name; on exit the distribution is gone and discovery forgets it.
    """
    module = f"ledgerbus_declared_{package}"
    (root / f"{module}.py").write_text(declaration_source)
    info = root / f"{module}-0.0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {module}\nVersion: 0.0.1\n")
    (info / "entry_points.txt").write_text(f"[{ENTRY_POINT_GROUP}]\n{package} = {module}:PACKAGE\n")
    sys.path.insert(0, str(root))
    importlib.invalidate_caches()
    refresh_packages()
    try:
        yield module
    finally:
        sys.path.remove(str(root))
        sys.modules.pop(module, None)
        refresh_packages()


def declaration_source(
    name: str = "abacus",
    *,
    entity_types: tuple[str, ...] = ("gl_account", "contact"),
    prelude: str = "",
    **fields: Any,
) -> str:
    """The text of a declaration module for a made-up package, for
    :func:`distribution_declaring`: port 8019, sandbox ``abacus_sandbox`` on 8099, demo
    administration ``A-1``; ``fields`` (PackageDeclaration's) override, ``prelude`` is
    code put before ``PACKAGE``."""
    values: dict[str, Any] = {
        "name": name,
        "title": "Abacus Books",
        "credential_kind": "api_key",
        "version": "1.0.0",
        "connector_port": 8019,
        "sandbox_module": "abacus_sandbox",
        "sandbox_port": 8099,
        **fields,
    }
    arguments = "".join(f"    {key}={value!r},\n" for key, value in values.items())
    return (
        "from ledgerbus_contracts import DemoAdministration, PackageDeclaration\n\n"
        f"{prelude}\n\n"
        "PACKAGE = PackageDeclaration(\n"
        f"{arguments}"
        f"    entity_types=frozenset({sorted(entity_types)!r}),\n"
        '    demo=DemoAdministration(external_id="A-1", name="Demo Abacus BV"),\n'
        ")\n"
    )
