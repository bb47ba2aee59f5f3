"""FastAPI dependencies: the pool and clock the lifespan created, the caller's administration."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

import asyncpg
from fastapi import Depends, HTTPException, Request

from ledgerbus_ledger_store.adapters import syncs
from ledgerbus_servicekit import Clock, PrincipalDep
from ledgerbus_servicekit.db import DbConnection
from ledgerbus_servicekit.inputs import IdPath


async def _connection(request: Request) -> AsyncIterator[DbConnection]:
    pool: asyncpg.Pool = request.app.state.pool
    async with pool.acquire() as conn:
        yield conn


def _clock(request: Request) -> Clock:
    clock: Clock = request.app.state.clock
    return clock


ConnectionDep = Annotated[DbConnection, Depends(_connection)]
ClockDep = Annotated[Clock, Depends(_clock)]


async def _visible_administration(
    administration_id: IdPath, conn: ConnectionDep, principal: PrincipalDep
) -> str:
    """The administration id, or 404 when a tenant's token asks for another tenant's."""
    if principal.is_operator:
        return administration_id
    tenant = await syncs.tenant_of(conn, administration_id)
    if tenant is None or not principal.may_see(tenant):
        raise HTTPException(404, f"no administration {administration_id!r}")
    return administration_id


AdministrationDep = Annotated[str, Depends(_visible_administration)]
"""The ``administration_id`` path parameter, checked against the caller's tenant."""
