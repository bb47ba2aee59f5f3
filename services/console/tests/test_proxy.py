"""The console's own routes: the page, its configuration and the proxy to the services."""

from __future__ import annotations

import logging
import re
from contextlib import AbstractAsyncContextManager

import httpx
import pytest

from ledgerbus_console.core.config import Settings
from ledgerbus_console.main import create_app
from ledgerbus_servicekit.testing import running_app

TOKEN = {"Authorization": "Bearer some-token"}


class Upstream:
    """A stand-in service that records what reached it and answers with a cookie."""

    def __init__(self) -> None:
        self.seen: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.seen.append(request)
        return httpx.Response(
            207,
            json={"path": request.url.path},
            headers={"Set-Cookie": "session=secret", "Retry-After": "3"},
        )


def settings() -> Settings:
    return Settings.model_validate(
        {
            "service_urls": {"scheduler": "http://scheduler", "notifier": "http://127.0.0.1:9"},
            "trace_viewer_url": "http://127.0.0.1:9411/zipkin/",
            "upstream_timeout_seconds": 2,
        }
    )


@pytest.fixture
def upstream() -> Upstream:
    return Upstream()


def console(upstream: Upstream) -> AbstractAsyncContextManager[httpx.AsyncClient]:
    return running_app(
        create_app(settings(), transports={"scheduler": httpx.MockTransport(upstream)})
    )


async def test_a_request_without_a_token_is_refused_and_never_forwarded(
    upstream: Upstream,
) -> None:
    async with console(upstream) as client:
        answer = await client.get("/api/scheduler/v1/administrations")
    assert answer.status_code == 401
    assert answer.json()["detail"][0]["msg"].startswith("missing Authorization")
    assert upstream.seen == []


async def test_the_token_query_and_body_go_on_unchanged_and_cookies_do_not_come_back(
    upstream: Upstream, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, "ledgerbus_console.audit")
    async with console(upstream) as client:
        answer = await client.post(
            "/api/scheduler/v1/administrations/a-1/syncs?x=1&x=2",
            json={"mode": "full"},
            headers=TOKEN,
        )
    (seen,) = upstream.seen
    assert seen.headers["authorization"] == "Bearer some-token"
    assert seen.url.path == "/v1/administrations/a-1/syncs"
    assert seen.url.params.get_list("x") == ["1", "2"]
    assert seen.content == b'{"mode":"full"}'
    assert answer.status_code == 207 and answer.json() == {"path": seen.url.path}
    assert answer.headers["retry-after"] == "3" and "set-cookie" not in answer.headers
    assert "audit: POST scheduler /v1/administrations/a-1/syncs -> 207" in caplog.text
    assert "some-token" not in caplog.text


@pytest.mark.parametrize(
    "path",
    ["/api/scheduler/docs", "/api/scheduler/v1/../_sandbox/faults", "/api/sandbox/v1/x"],
)
async def test_only_v1_paths_of_known_services_are_forwarded(upstream: Upstream, path: str) -> None:
    async with console(upstream) as client:
        answer = await client.get(path, headers=TOKEN)
    assert answer.status_code == 404 and upstream.seen == []


async def test_a_service_that_does_not_answer_is_a_502_naming_it(upstream: Upstream) -> None:
    async with console(upstream) as client:
        answer = await client.get("/api/notifier/v1/notifications", headers=TOKEN)
    assert answer.status_code == 502
    assert "notifier did not answer" in answer.json()["detail"][0]["msg"]


async def test_the_page_and_its_configuration_carry_no_data_and_no_secret(
    upstream: Upstream,
) -> None:
    async with console(upstream) as client:
        page = await client.get("/")
        script = await client.get("/static/js/app.js")
        config = await client.get("/console/config")
    assert page.status_code == 200 and 'id="token"' in page.text
    assert "default-src 'self'" in page.headers["content-security-policy"]
    assert script.status_code == 200 and "javascript" in script.headers["content-type"]
    assert config.json() | {"packages": None} == {
        "services": ["notifier", "scheduler"],
        "packages": None,
        "trace_viewer_url": "http://127.0.0.1:9411/zipkin/",
    }
    assert config.json()["packages"]["snelstart"] == {
        "title": "SnelStart",
        "credential_kind": "api_key",
    }
    assert "dev-operator-token" not in page.text + config.text


async def test_the_page_links_relatively_so_it_works_under_a_path_prefix(
    upstream: Upstream,
) -> None:
    """Behind the chart's ingress the console is /console/ and the prefix is cut off."""
    async with console(upstream) as client:
        page = (await client.get("/")).text
        scripts = [(await client.get(f"/static/js/{name}")).text for name in ("api.js", "app.js")]
    assert 'href="static/console.css"' in page and 'src="static/js/app.js"' in page
    assert not re.search(r"""(href|src)="/""", page)
    assert not any(re.search(r"""["`]/(api|console|static)/""", text) for text in scripts)
