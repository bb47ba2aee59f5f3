"""FastAPI dependencies: what the lifespan created."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

import asyncpg
from fastapi import Depends, Request

from ledgerbus_servicekit import Clock
from ledgerbus_servicekit.db import DbConnection


async def _connection(request: Request) -> AsyncIterator[DbConnection]:
    pool: asyncpg.Pool = request.app.state.pool
    async with pool.acquire() as conn:
        yield conn


def _clock(request: Request) -> Clock:
    clock: Clock = request.app.state.clock
    return clock


ConnectionDep = Annotated[DbConnection, Depends(_connection)]
ClockDep = Annotated[Clock, Depends(_clock)]
