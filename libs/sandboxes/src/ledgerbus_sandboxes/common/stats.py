"""Counts the requests a sandbox served, by endpoint and status code."""

from __future__ import annotations

from collections import Counter

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class RequestStats:
    """ASGI middleware state: ``counts[(method + route, status)]``."""

    def __init__(self) -> None:
        self.counts: Counter[tuple[str, int]] = Counter()

    def as_json(self) -> dict[str, object]:
        by_endpoint: dict[str, dict[str, int]] = {}
        for (endpoint, status), n in sorted(self.counts.items()):
            by_endpoint.setdefault(endpoint, {})[str(status)] = n
        rate_limited = sum(n for (_, status), n in self.counts.items() if status == 429)
        return {
            "total": sum(self.counts.values()),
            "rate_limited": rate_limited,
            "endpoints": by_endpoint,
        }

    def middleware(self, app: ASGIApp) -> ASGIApp:
        """Wrap an app so that every HTTP response is counted under its route template."""

        async def counted(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] != "http" or scope["path"].startswith("/_sandbox"):
                await app(scope, receive, send)
                return
            status = 500

            async def record(message: Message) -> None:
                nonlocal status
                if message["type"] == "http.response.start":
                    status = message["status"]
                await send(message)

            try:
                await app(scope, receive, record)
            finally:
                route = scope.get("route")
                path = getattr(route, "path", None) or scope["path"]
                self.counts[(f"{scope['method']} {path}", status)] += 1

        return counted


class StatsMiddleware:
    """ASGI middleware class (for ``app.add_middleware``) that counts into ``stats``."""

    def __init__(self, app: ASGIApp, stats: RequestStats) -> None:
        self.app = stats.middleware(app)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.app(scope, receive, send)
