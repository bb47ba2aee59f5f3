"""Who hears about an administration: validated addresses and the tenant's defaults."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal

from email_validator import EmailNotValidError, validate_email
from pydantic import BaseModel, ConfigDict, Field, field_validator

from ledgerbus_servicekit.inputs import Identifier

Language = Literal["nl", "en"]
MAX_ADDRESSES = 100
Address = Annotated[str, Field(max_length=320)]


def normalise_addresses(addresses: list[str]) -> list[str]:
    """The addresses normalised and without duplicates; ValueError names a bad one."""
    seen: dict[str, None] = {}
    for address in addresses:
        try:
            valid = validate_email(address, check_deliverability=False)
        except EmailNotValidError as exc:
            raise ValueError(f"{address!r} is not a valid email address: {exc}") from exc
        seen.setdefault(valid.normalized, None)
    return list(seen)


class AdministrationRecipients(BaseModel):
    """``PUT /v1/administrations/{id}/recipients``: who gets failures and dossier updates.

    ``tenant_id`` may be left out by a tenant token (it is the token's tenant).
    ``administration_name`` is how mails name the administration (else its id).
    """

    model_config = ConfigDict(extra="forbid")

    tenant_id: Identifier | None = None
    administration_name: str | None = Field(default=None, min_length=1, max_length=300)
    administrators: list[Address] = Field(default_factory=list, max_length=MAX_ADDRESSES)
    clients: list[Address] = Field(default_factory=list, max_length=MAX_ADDRESSES)

    _valid = field_validator("administrators", "clients")(normalise_addresses)


class TenantRecipients(BaseModel):
    """``PUT /v1/tenants/{id}/recipients``: default administrators and the mail language."""

    model_config = ConfigDict(extra="forbid")

    administrators: list[Address] = Field(default_factory=list, max_length=MAX_ADDRESSES)
    language: Language = "nl"

    _valid = field_validator("administrators")(normalise_addresses)


@dataclass(frozen=True)
class Audience:
    """Everything needed to address one administration's mail."""

    administration_name: str
    administrators: tuple[str, ...]
    clients: tuple[str, ...]
    language: Language


def audience(
    administration_id: str,
    own: AdministrationRecipients | None,
    tenant: TenantRecipients | None,
) -> Audience:
    """The effective audience: the administration's own administrators, else the tenant's."""
    administrators = tuple(own.administrators if own else ())
    if not administrators and tenant is not None:
        administrators = tuple(tenant.administrators)
    return Audience(
        administration_name=(own.administration_name if own else None) or administration_id,
        administrators=administrators,
        clients=tuple(own.clients if own else ()),
        language=tenant.language if tenant else "nl",
    )
