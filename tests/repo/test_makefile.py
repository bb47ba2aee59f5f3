"""The Makefile and the CI entry point say what they do: no phantom targets, lint in CI."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _targets(makefile: str) -> set[str]:
    return set(re.findall(r"^([a-z][a-z-]*):", makefile, flags=re.MULTILINE))


def _phony(makefile: str) -> set[str]:
    names: set[str] = set()
    for line in re.findall(r"^\.PHONY:(.*)$", makefile, flags=re.MULTILINE):
        names.update(line.split())
    return names


def test_every_phony_name_is_a_target() -> None:
    makefile = (ROOT / "Makefile").read_text()
    assert _phony(makefile), "the Makefile declares its targets .PHONY"
    assert _phony(makefile) <= _targets(makefile), _phony(makefile) - _targets(makefile)


def test_ci_runs_the_lint_and_the_tests() -> None:
    steps = [
        line.strip()
        for line in (ROOT / ".ci" / "run").read_text().splitlines()
        if line.strip().startswith("make ")
    ]
    assert steps == ["make lint", "make test"]
