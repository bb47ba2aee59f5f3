"""Twinfield's fair-use credits: what a call costs, what is left on /metrics, the wait."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import httpx

from ledgerbus_connector_twinfield.twinfield import deleted
from ledgerbus_connector_twinfield.twinfield.ratelimit import credits_of, twinfield_budget
from ledgerbus_servicekit import FakeClock, ServiceSettings
from ledgerbus_servicekit.metrics import package_calls_for
from ledgerbus_servicekit.testing import running_app
from ledgerbus_servicekit.testing.metrics import metric, metrics_only_app, scrape_metrics

CLUSTER = "https://accounting.twinfield.com/webservices"
NOON = dt.datetime(2026, 12, 2, 12, 0, 10, tzinfo=dt.UTC)


def soap(service: str, action: str, body: str = "") -> httpx.Request:
    return httpx.Request(
        "POST",
        f"{CLUSTER}/{service}",
        headers={"SOAPAction": f"http://www.twinfield.com/{action}"},
        content=body.encode(),
    )


def process_xml(xml: str) -> httpx.Request:
    body = f"<twf:ProcessXmlString><twf:xmlRequest><![CDATA[{xml}]]></twf:xmlRequest>"
    return soap("processxml.asmx", "ProcessXmlString", body + "</twf:ProcessXmlString>")


def test_queries_cost_one_credit_and_other_calls_three() -> None:
    assert credits_of(soap("finder.asmx", "Search")) == 1
    assert credits_of(process_xml('<columns code="000"><column/></columns>')) == 1
    assert credits_of(process_xml("<read><type>dimensions</type></read>")) == 1
    assert credits_of(soap(deleted.PATH, "DeletedTransactionsService/Query")) == 1
    assert credits_of(httpx.Request("GET", f"{CLUSTER}/anything")) == 1
    assert credits_of(process_xml('<transaction destiny="final"/>')) == 3
    assert credits_of(process_xml("<dimension><type>DEB</type></dimension>")) == 3


async def test_the_remaining_credits_are_on_metrics_and_a_spent_minute_waits(
    service_settings: Callable[..., ServiceSettings],
) -> None:
    clock = FakeClock(NOON)
    budget = twinfield_budget(clock)
    async with running_app(metrics_only_app(service_settings(ServiceSettings))) as app:
        with package_calls_for("twinfield"):
            for request in (soap("finder.asmx", "Search"), process_xml("<transaction/>")):
                await budget.before_request()
                budget.observe(httpx.Response(200, request=request))
            samples = await scrape_metrics(app)
            remaining = {"package": "twinfield", "window": "minute"}
            assert metric(samples, "ledgerbus_rate_limit_remaining", **remaining) == 996
            waits = {"package": "twinfield", "kind": "wait"}
            waited_before = metric(samples, "ledgerbus_rate_limit_pauses_total", **waits) or 0

            budget.observe(httpx.Response(429, request=soap("finder.asmx", "Search")))
            samples = await scrape_metrics(app)
            assert metric(samples, "ledgerbus_rate_limit_remaining", **remaining) == 0
            await budget.before_request()  # the minute is spent: wait for the next one
            assert clock.now() >= dt.datetime(2026, 12, 2, 12, 1, tzinfo=dt.UTC)
            assert budget.remaining == 1000
            samples = await scrape_metrics(app)
            waited = metric(samples, "ledgerbus_rate_limit_pauses_total", **waits)
            assert waited == waited_before + 1
