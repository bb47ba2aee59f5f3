"""FastAPI dependencies: what the lifespan created."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

import asyncpg
from fastapi import Depends, Request

from ledgerbus_scheduler.adapters.connection_owners import ConnectionOwners
from ledgerbus_scheduler.outbox import Outbox
from ledgerbus_servicekit import Clock
from ledgerbus_servicekit.db import DbConnection


async def _connection(request: Request) -> AsyncIterator[DbConnection]:
    pool: asyncpg.Pool = request.app.state.pool
    async with pool.acquire() as conn:
        yield conn


def _clock(request: Request) -> Clock:
    clock: Clock = request.app.state.clock
    return clock


def _outbox(request: Request) -> Outbox:
    outbox: Outbox = request.app.state.outbox
    return outbox


def _connection_owners(request: Request) -> ConnectionOwners:
    owners: ConnectionOwners = request.app.state.connection_owners
    return owners


ConnectionOwnersDep = Annotated[ConnectionOwners, Depends(_connection_owners)]
ConnectionDep = Annotated[DbConnection, Depends(_connection)]
ClockDep = Annotated[Clock, Depends(_clock)]
OutboxDep = Annotated[Outbox, Depends(_outbox)]
