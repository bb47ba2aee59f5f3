"""Test helpers: install a throw-away distribution that declares a package."""

from __future__ import annotations

import contextlib
import importlib
import sys
from collections.abc import Iterator
from pathlib import Path

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
