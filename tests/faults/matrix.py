"""The fault matrix: which faults the suite injects, and how each run of them ended.

A pytest plugin (registered in the root ``conftest.py``). A test names the fault it
injects with ``@pytest.mark.fault("...")`` and may describe what it observed with
``record_property("outcome", "...")``; the tests that existed before the matrix are
listed in :data:`EARLIER_TESTS` by node id. At the end of a run that collected any of
them the terminal summary prints one line per fault: what was injected, whether the
platform held (the test's assertions: every ledger equal to its sandbox, nothing lost
or duplicated, no false delete, no duplicate mail) and the test that checks it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from _pytest.terminal import TerminalReporter

EARLIER_TESTS: dict[str, str] = {
    "tests/e2e/test_connector_crash.py::"
    "test_a_killed_connector_resumes_and_the_ledger_ends_exact": (
        "SIGKILL connector-exact mid full sync"
    ),
    "tests/e2e/test_ledger_store_crash.py::"
    "test_a_killed_ledger_store_resumes_without_loss_or_double_counts": (
        "SIGKILL ledger-store mid apply"
    ),
    "libs/connectorkit/tests/test_sync_runner.py::"
    "test_a_killed_sync_resumes_from_its_last_saved_page": (
        "connector killed between pages (toolkit)"
    ),
    "services/scheduler/tests/test_replicas.py::"
    "test_two_replicas_publish_each_sync_once_and_survive_a_killed_leader": (
        "scheduler leader's session killed mid window"
    ),
    "services/scheduler/tests/test_outbox.py::"
    "test_requests_decided_before_a_crash_are_published_once_by_racing_relays": (
        "scheduler crash between deciding and publishing"
    ),
    "services/notifier/tests/test_exactly_once.py::"
    "test_a_restart_during_delivery_sends_each_mail_exactly_once": (
        "notifier restarted mid delivery"
    ),
    "services/notifier/tests/test_crash_window.py::"
    "test_a_mail_sent_but_not_recorded_is_resent_with_the_same_message_id": (
        "notifier dies between sending and recording"
    ),
    "services/notifier/tests/test_delivery_failures.py::"
    "test_mail_waits_while_the_server_is_down_and_goes_out_when_it_returns": ("SMTP down and back"),
    "services/connector-exact/tests/integration/test_rate_limits.py::"
    "test_503s_and_truncated_pages_are_retried_and_the_sync_is_complete": (
        "Exact: 503s and truncated pages at a standing rate"
    ),
    "services/connector-exact/tests/integration/test_reauthorization.py::"
    "test_a_revoked_grant_needs_reauthorisation_and_a_new_code_heals_it": (
        "Exact: grant revoked, then re-authorised"
    ),
    "libs/servicekit/tests/test_consumer_loop.py::"
    "test_malformed_event_goes_to_dead_letter_and_consumer_keeps_going": (
        "malformed event on a consumed topic"
    ),
}


@dataclass
class Row:
    """One fault and the tests that inject it."""

    fault: str
    tests: list[str] = field(default_factory=list)
    outcomes: dict[str, str] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)

    def summary(self) -> str:
        ran = [self.outcomes.get(t, "not run") for t in self.tests]
        if "failed" in ran:
            return "BROKEN"
        if ran and all(r == "passed" for r in ran):
            return "held"
        if "xfailed" in ran:
            return "held, with a known defect"
        if "passed" in ran:
            return "held (partly run)"
        return "skipped" if "skipped" in ran else "not run"


MATRIX = pytest.StashKey[dict[str, Row]]()
FAULT_OF = pytest.StashKey[dict[str, list[str]]]()


def pytest_configure(config: pytest.Config) -> None:
    """Register the marker and an empty matrix."""
    config.addinivalue_line("markers", "fault(name): the fault a test injects (fault matrix)")
    config.stash[MATRIX] = {}
    config.stash[FAULT_OF] = {}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Note the fault of every collected test that injects one."""
    matrix, fault_of = config.stash[MATRIX], config.stash[FAULT_OF]
    for item in items:
        faults = [str(m.args[0]) for m in item.iter_markers("fault")]
        earlier = EARLIER_TESTS.get(item.nodeid.split("[")[0])
        faults += [earlier] if earlier else []
        for fault in faults:
            matrix.setdefault(fault, Row(fault)).tests.append(item.nodeid)
        if faults:
            fault_of[item.nodeid] = faults


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Keep each fault test's outcome (a failed set-up or teardown counts as failed)."""
    config = _config
    if config is None or report.nodeid not in config.stash[FAULT_OF]:
        return
    for fault in config.stash[FAULT_OF][report.nodeid]:
        row = config.stash[MATRIX][fault]
        before = row.outcomes.get(report.nodeid)
        if report.failed:
            row.outcomes[report.nodeid] = "failed"
        elif report.skipped and hasattr(report, "wasxfail"):
            row.outcomes[report.nodeid] = "xfailed"
            row.notes[report.nodeid] = f"known defect: {report.wasxfail}"
        elif report.skipped and before is None:
            row.outcomes[report.nodeid] = "skipped"
        elif report.when == "call" and report.passed and before != "failed":
            row.outcomes[report.nodeid] = "passed"
        for name, value in report.user_properties:
            if name == "outcome" and report.nodeid not in row.notes:
                row.notes[report.nodeid] = str(value)


_config: pytest.Config | None = None


@pytest.hookimpl(tryfirst=True)
def pytest_sessionstart(session: pytest.Session) -> None:
    """Remember the config for the report hook (which is not given it)."""
    global _config
    _config = session.config


def pytest_terminal_summary(terminalreporter: TerminalReporter, config: pytest.Config) -> None:
    """Print the matrix: fault, outcome, and each test with what it observed."""
    matrix = config.stash.get(MATRIX, {})
    if not any(row.outcomes for row in matrix.values()):
        return  # no fault test ran (a selection without them, or --collect-only)
    write = terminalreporter.write_line
    terminalreporter.section("fault matrix")
    width = max(len(f) for f in matrix)
    for fault in sorted(matrix):
        row = matrix[fault]
        write(f"{fault:<{width}}  {row.summary()}")
        for test in row.tests:
            note = row.notes.get(test)
            outcome = row.outcomes.get(test, "not run")
            write(f"{'':<{width}}    {outcome}: {test}" + (f" ({note})" if note else ""))
