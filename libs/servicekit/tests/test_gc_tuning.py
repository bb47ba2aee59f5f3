"""A service's runtime sets the garbage collector's thresholds from its settings."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from ledgerbus_servicekit import ServiceSettings
from ledgerbus_servicekit.gc_tuning import OLDER_GENERATIONS
from ledgerbus_servicekit.runtime import Runtime


@pytest.fixture
def restored_thresholds() -> Iterator[None]:
    before = gc.get_threshold()
    yield
    gc.set_threshold(*before)


@pytest.mark.usefixtures("restored_thresholds")
def test_the_runtime_collects_the_young_generation_after_the_configured_allocations() -> None:
    gc.set_threshold(700, 10, 10)
    Runtime(ServiceSettings(gc_young_threshold=25_000))
    assert gc.get_threshold() == (25_000, *OLDER_GENERATIONS)


@pytest.mark.usefixtures("restored_thresholds")
def test_zero_keeps_the_interpreters_thresholds() -> None:
    gc.set_threshold(700, 10, 10)
    Runtime(ServiceSettings(gc_young_threshold=0))
    assert gc.get_threshold() == (700, 10, 10)
