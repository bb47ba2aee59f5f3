"""schemathesis over one served API: every operation, every token, a bounded number of cases.

Runs in a worker thread (requests are blocking) while the services are served by the
test's event loop. A failure is a 5xx, an undocumented status, or a response whose
content type, headers or body do not match the OpenAPI document.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

import httpx
import hypothesis
import hypothesis.errors
import requests
import schemathesis
from hypothesis import HealthCheck, Phase
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
EXAMPLES = int(os.environ.get("LEDGERBUS_FUZZ_EXAMPLES", "15"))
"""Valid cases per operation and token (invalid ones: half as many)."""


@dataclass
class Report:
    """What one service's run did and found."""

    calls: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    last_caller: str = ""
    operations: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


def fuzz(
    base_url: str,
    tokens: Mapping[str, str],
    known: Mapping[str, str] | None = None,
    examples: int = EXAMPLES,
) -> Report:
    """Run the bounded fuzz of the API at ``base_url``, each case as one of ``tokens``.

    Per operation and token about ``examples`` valid and half as many invalid cases; an
    operation whose path parameters are all ``known`` (what the service holds) gets
    some of its valid cases on those values. Deletions run last.
    """
    schema = schemathesis.openapi.from_url(f"{base_url}/openapi.json")
    report = Report()
    session = requests.Session()  # one keep-alive connection for every case
    operations = [result.ok() for result in schema.get_all_operations()]
    operations.sort(key=lambda op: op.method.upper() == "DELETE")
    for operation in operations:
        report.operations.append(operation.label)
        names = {p.name for p in operation.path_parameters}
        fixed = {n: v for n, v in (known or {}).items() if n in names}
        cases = [operation.as_strategy(generation_mode=GenerationMode.POSITIVE)]
        if names and len(fixed) == len(names):
            cases.append(operation.as_strategy(path_parameters=fixed))
        if names or list(operation.query) or list(operation.body):
            cases.append(operation.as_strategy(generation_mode=GenerationMode.NEGATIVE))
        count = len(tokens) * (examples + examples // 2)
        try:
            _cases(st.one_of(cases), tokens, count, base_url, session, report)
        except hypothesis.errors.Unsatisfiable:
            pass  # nothing can be generated (an operation without any input)
        except (Exception, FailureGroup) as exc:  # each is reported, the run goes on
            report.failures.append(f"{operation.label} as {report.last_caller}: {exc}")
    return report


def _cases(
    cases: st.SearchStrategy[schemathesis.Case],
    tokens: Mapping[str, str],
    count: int,
    base_url: str,
    session: requests.Session,
    report: Report,
) -> None:
    @hypothesis.settings(
        max_examples=count,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
        print_blob=False,
    )
    @hypothesis.given(case=cases, caller=st.sampled_from(sorted(tokens)))
    def run(case: schemathesis.Case, caller: str) -> None:
        headers = {"Authorization": f"Bearer {tokens[caller]}"}
        report.last_caller = caller  # the failing case is replayed last
        response = case.call(base_url=base_url, session=session, headers=headers, timeout=30)
        report.calls += 1
        report.statuses[response.status_code] += 1
        case.validate_response(response, checks=CHECKS, headers=headers)

    run()


def probe_edges(base_url: str, token: str) -> list[str]:
    """Beyond generated cases, on every path of the document: a NUL in each path parameter
    is a 422 naming the path, and a method the path does not take is a 405 whose ``Allow``
    lists exactly the methods the document gives it."""
    problems: list[str] = []
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=base_url, headers=headers, timeout=30) as client:
        paths: dict[str, dict[str, object]] = client.get("/openapi.json").json()["paths"]
        for template, operations in paths.items():
            methods = {m.upper() for m in operations}
            sample = re.sub(r"\{[^}]+\}", "x1", template)
            if "{" in template:
                first = re.sub(r"\{[^}]+\}", "a%00b", template, count=1)
                url = re.sub(r"\{[^}]+\}", "x1", first)
                nul = client.request(sorted(methods)[0], url, json={})
                if nul.status_code != 422 or nul.json()["detail"][0]["loc"] != ["path"]:
                    problems.append(f"NUL in {url}: {nul.status_code} {nul.text[:200]}")
            other = next(m for m in ("PUT", "PATCH", "DELETE", "POST") if m not in methods)
            refused = client.request(other, sample, json={})
            allowed = {m.strip() for m in refused.headers.get("allow", "").split(",") if m}
            expected = methods | ({"HEAD"} if "GET" in methods else set())
            if refused.status_code != 405 or allowed != expected:
                problems.append(
                    f"{other} {sample}: {refused.status_code}, Allow {sorted(allowed)}"
                    f" (expected 405, Allow {sorted(expected)})"
                )
    return problems
