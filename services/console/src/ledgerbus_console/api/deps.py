"""FastAPI dependencies: the upstream clients and settings the lifespan created."""

from __future__ import annotations

from typing import Annotated

import httpx
from fastapi import Depends, Request

from ledgerbus_console.core.config import Settings


def _upstreams(request: Request) -> dict[str, httpx.AsyncClient]:
    clients: dict[str, httpx.AsyncClient] = request.app.state.upstreams
    return clients


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


UpstreamsDep = Annotated[dict[str, httpx.AsyncClient], Depends(_upstreams)]
"""Service name -> a client with that service's base URL."""
SettingsDep = Annotated[Settings, Depends(_settings)]
