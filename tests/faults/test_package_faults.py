"""A package that answers 5xx, 429, timeouts, truncated or malformed pages: the ledger ends exact.

Each package's connector syncs its sandbox into the ledger-store while the sandbox
misbehaves on its data calls. Transient faults (5xx, 429, a call that hangs past the
connector's HTTP timeout, a 200 whose body is cut off) are retried within the sync:
it succeeds, every record is applied exactly once and the ledger equals the sandbox.
A well-formed answer of the wrong shape may fail the sync, but it must never look like
an empty page: the ledger keeps every record (no false delete), and the next full
sync succeeds.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from ledgerbus_sandboxes.common.faults import MALFORMED
from ledgerbus_servicekit import ServiceSettings
from tests.faults.rig import KITS, Platform, assert_mirrored, full_sync, package_platform

pytestmark = [pytest.mark.integration, pytest.mark.slow]
PACKAGES = sorted(KITS)
NAMES = {"exact": "Exact", "twinfield": "Twinfield", "snelstart": "SnelStart"}


TRANSIENT = ["5xx", "429", "timeouts", "truncated pages"]


async def inject_transient_faults(platform: Platform) -> None:
    """The next data calls answer 503, 500, 429 twice and a truncated body, and a tenth of
    the others hang past the connector's HTTP timeout (a call is retried five times)."""
    path = platform.kit.api_path
    for status, count in ((503, 1), (500, 1), (429, 2), (MALFORMED, 1)):
        await platform.control(
            "POST", "faults", {"status": status, "count": count, "path_contains": path}
        )
    behaviour = {"timeout_rate": 0.1, "timeout_seconds": 2.5, "path_contains": path}
    await platform.control("PUT", "faults", behaviour)


def cases(faults: list[str]) -> list[object]:
    """One case per package, marked with the rows of the fault matrix it covers."""
    return [
        pytest.param(p, marks=[pytest.mark.fault(f"{NAMES[p]}: {f}") for f in faults], id=p)
        for p in PACKAGES
    ]


@pytest.mark.parametrize("package", cases(TRANSIENT))
async def test_transient_package_faults_are_retried_and_the_ledger_is_exact(
    package: str,
    service_settings: Callable[..., ServiceSettings],
    record_property: Callable[[str, object], None],
) -> None:
    async with package_platform(package, service_settings, http_timeout_seconds=1.0) as platform:
        await inject_transient_faults(platform)
        sync = await full_sync(platform, timeout=180)
        assert sync["state"] == "succeeded", json.dumps(sync["errors"])
        await assert_mirrored(platform, sync)
        left = list(platform.sandbox.state.sandbox.faults.queue)
    assert left == [], "the sync ended before meeting every queued fault"
    record_property("outcome", "retried within the sync; ledger exact, each record applied once")


@pytest.mark.parametrize("package", cases(["malformed pages"]))
async def test_a_malformed_page_never_deletes_and_the_next_sync_heals(
    package: str,
    service_settings: Callable[..., ServiceSettings],
    record_property: Callable[[str, object], None],
) -> None:
    async with package_platform(package, service_settings) as platform:
        first = await full_sync(platform)
        assert first["state"] == "succeeded", first
        body, content_type = platform.kit.malformed
        platform.tamper.answer_next(platform.kit.api_path, 200, body, content_type, times=3)
        second = await full_sync(platform)
        await assert_mirrored(platform)  # nothing deleted, whatever the second sync did
        outcome = f"the sync with malformed pages {second['state']}; no record deleted"
        if second["state"] != "succeeded":
            platform.tamper.queue.clear()
            third = await full_sync(platform)
            assert third["state"] == "succeeded", third
            await assert_mirrored(platform)
            outcome += "; the next sync succeeded"
    record_property("outcome", outcome)
