"""Bearer-token authentication for every ``/v1`` endpoint, with tenant isolation."""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from ledgerbus_servicekit.settings import ServiceSettings

_bearer = HTTPBearer(auto_error=False, description="The operator token or a tenant token")


@dataclass(frozen=True)
class Principal:
    """Who calls: the operator (every tenant) or one tenant."""

    tenant_id: str | None

    @property
    def is_operator(self) -> bool:
        """Whether the caller may see every tenant."""
        return self.tenant_id is None

    def may_see(self, tenant_id: str | None) -> bool:
        """Whether the caller may see data of ``tenant_id`` (None: of no tenant, operator only)."""
        return self.is_operator or (tenant_id is not None and self.tenant_id == tenant_id)

    def owner_of_new(self, requested: str | None, what: str) -> str:
        """The tenant a new ``what`` belongs to: a tenant's own, or the one the operator names.

        A tenant token that names another tenant gets 403; the operator must name one (422),
        as nothing the operator creates may be left without an owner.
        """
        if self.tenant_id is not None:
            if requested is not None and requested != self.tenant_id:
                raise HTTPException(
                    status.HTTP_403_FORBIDDEN,
                    f"this token may not create a {what} for tenant {requested!r}",
                )
            return self.tenant_id
        if requested is None:
            raise HTTPException(
                422, f"the operator token must name the tenant_id the {what} belongs to"
            )
        return requested


def authenticate(settings: ServiceSettings, token: str) -> Principal | None:
    """The principal behind a token, or None when the token is unknown."""
    if hmac.compare_digest(token, settings.operator_token.get_secret_value()):
        return Principal(tenant_id=None)
    for known, tenant in settings.tenant_tokens.items():
        if hmac.compare_digest(token, known):
            return Principal(tenant_id=tenant)
    return None


async def require_principal(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    """FastAPI dependency: 401 unless a valid ``Authorization: Bearer <token>`` is sent."""
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "missing Authorization: Bearer <token> header",
            headers={"WWW-Authenticate": "Bearer"},
        )
    settings: ServiceSettings = request.app.state.settings
    principal = authenticate(settings, credentials.credentials)
    if principal is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED, "invalid token", headers={"WWW-Authenticate": "Bearer"}
        )
    return principal


PrincipalDep = Annotated[Principal, Depends(require_principal)]
"""The authenticated caller of a route."""
