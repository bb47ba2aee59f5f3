"""The page itself and what it needs to know before it has a token."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from ledgerbus_console.api.deps import SettingsDep
from ledgerbus_contracts import declared_packages

router = APIRouter(tags=["console"])
STATIC = Path(__file__).resolve().parents[2] / "static"
_SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
async def index() -> HTMLResponse:
    """The console page: it shows nothing but the token form until it is given a token."""
    return HTMLResponse((STATIC / "index.html").read_text("utf-8"), headers=_SECURITY_HEADERS)


@router.get("/console/config")
async def config(settings: SettingsDep) -> dict[str, Any]:
    """Which services the page may call, the declared packages (title, credential kind)
    and the trace viewer's address; no data, no secret."""
    return {
        "services": sorted(settings.service_urls),
        "packages": {
            p.name: {"title": p.title, "credential_kind": p.credential_kind}
            for p in declared_packages().values()
        },
        "trace_viewer_url": settings.trace_viewer_url,
    }
