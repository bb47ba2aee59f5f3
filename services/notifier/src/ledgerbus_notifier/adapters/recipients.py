"""SQL for administration recipients and tenant settings."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ledgerbus_notifier.domain.recipients import AdministrationRecipients, TenantRecipients
from ledgerbus_servicekit.db import DbConnection


async def put_administration(
    conn: DbConnection, administration_id: str, body: AdministrationRecipients, now: dt.datetime
) -> None:
    """Insert or replace an administration's recipients (``body.tenant_id`` must be set)."""
    await conn.execute(
        "INSERT INTO administration_recipients"
        " (administration_id, tenant_id, administration_name, administrators, clients, updated_at)"
        " VALUES ($1, $2, $3, $4, $5, $6)"
        " ON CONFLICT (administration_id) DO UPDATE SET tenant_id = EXCLUDED.tenant_id,"
        " administration_name = EXCLUDED.administration_name,"
        " administrators = EXCLUDED.administrators, clients = EXCLUDED.clients,"
        " updated_at = EXCLUDED.updated_at",
        administration_id,
        body.tenant_id,
        body.administration_name,
        body.administrators,
        body.clients,
        now,
    )


async def get_administration(
    conn: DbConnection, administration_id: str
) -> AdministrationRecipients | None:
    """An administration's own recipients, or None when none were set."""
    row = await conn.fetchrow(
        "SELECT tenant_id, administration_name, administrators, clients"
        " FROM administration_recipients WHERE administration_id = $1",
        administration_id,
    )
    return None if row is None else AdministrationRecipients.model_validate(_plain(row))


async def put_tenant(
    conn: DbConnection, tenant_id: str, body: TenantRecipients, now: dt.datetime
) -> None:
    """Insert or replace a tenant's default administrators and language."""
    await conn.execute(
        "INSERT INTO tenant_settings (tenant_id, administrators, language, updated_at)"
        " VALUES ($1, $2, $3, $4) ON CONFLICT (tenant_id) DO UPDATE SET"
        " administrators = EXCLUDED.administrators, language = EXCLUDED.language,"
        " updated_at = EXCLUDED.updated_at",
        tenant_id,
        body.administrators,
        body.language,
        now,
    )


async def get_tenant(conn: DbConnection, tenant_id: str) -> TenantRecipients | None:
    """A tenant's settings, or None when none were set."""
    row = await conn.fetchrow(
        "SELECT administrators, language FROM tenant_settings WHERE tenant_id = $1", tenant_id
    )
    return None if row is None else TenantRecipients.model_validate(_plain(row))


def _plain(row: Any) -> dict[str, Any]:
    return {k: (list(v) if isinstance(v, list | tuple) else v) for k, v in dict(row).items()}
