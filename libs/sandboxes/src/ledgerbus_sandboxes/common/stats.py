"""Counts the requests a sandbox served, by endpoint and status code."""

from __future__ import annotations

from collections import Counter, deque

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class RequestStats:
    """ASGI middleware state: ``counts[(method + route, status)]``, and the latest requests.

    ``recent`` keeps the last requests as ``METHOD path?query`` (a sandbox may append what
    a body asked for, see :meth:`note`), so a test can see which filter reached the source.
    """

    def __init__(self, keep: int = 2000) -> None:
        self.counts: Counter[tuple[str, int]] = Counter()
        self.recent: deque[str] = deque(maxlen=keep)

    def note(self, line: str) -> None:
        """Log what a request asked for where its URL does not tell (a SOAP body's filter)."""
        self.recent.append(line)

    def as_json(self) -> dict[str, object]:
        by_endpoint: dict[str, dict[str, int]] = {}
        for (endpoint, status), n in sorted(self.counts.items()):
            by_endpoint.setdefault(endpoint, {})[str(status)] = n
        rate_limited = sum(n for (_, status), n in self.counts.items() if status == 429)
        return {
            "total": sum(self.counts.values()),
            "rate_limited": rate_limited,
            "endpoints": by_endpoint,
            "recent": list(self.recent),
        }

    def middleware(self, app: ASGIApp) -> ASGIApp:
        """Wrap an app so that every HTTP response is counted under its route template."""

        async def counted(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] != "http" or scope["path"].startswith("/_sandbox"):
                await app(scope, receive, send)
                return
            status = 500
            query = scope.get("query_string", b"").decode("latin-1")
            self.recent.append(
                f"{scope['method']} {scope['path']}" + (f"?{query}" if query else "")
            )

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
