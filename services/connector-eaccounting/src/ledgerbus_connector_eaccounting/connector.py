"""The eAccounting connector: its streams, and a session on one connection's company.

A token opens the one company its user chose when consenting, so a connection reaches
exactly one administration: ``/v2/companysettings`` names it (``CompanyIdentifier``).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any, ClassVar

from ledgerbus_connector_eaccounting.client import ReferenceCodes
from ledgerbus_connector_eaccounting.declaration import PACKAGE
from ledgerbus_connector_eaccounting.errors import EAccountingErrors
from ledgerbus_connector_eaccounting.settings import Settings
from ledgerbus_connector_eaccounting.streams import (
    Accounts,
    Contacts,
    CostCenters,
    CostUnits,
    FiscalYears,
    Projects,
    VatCodes,
    VoucherRows,
)
from ledgerbus_connectorkit import RestClient, Stream
from ledgerbus_connectorkit.oauth import OAuthClient
from ledgerbus_connectorkit.package import Administration, OAuthConnector
from ledgerbus_contracts import Package, RequestSync

TOKEN_PATH = "/connect/token"  # noqa: S105 - a path


class EAccountingConnector(OAuthConnector[Settings]):
    """Reads eAccounting companies through their connections' OAuth2 tokens."""

    package: ClassVar[Package] = Package(PACKAGE.name)
    title: ClassVar[str] = PACKAGE.title

    def __init__(self, **parts: Any) -> None:
        super().__init__(**parts)
        self.codes = ReferenceCodes()

    @classmethod
    def base_url(cls, settings: Settings) -> str:
        return settings.eaccounting_base_url

    def oauth_client(self) -> OAuthClient:
        identity = self.settings.eaccounting_identity_url
        return OAuthClient(
            http=self.http,
            token_path=f"{identity.rstrip('/')}{TOKEN_PATH}" if identity else TOKEN_PATH,
            client_id=self.settings.eaccounting_client_id,
            client_secret=self.settings.eaccounting_client_secret,
            redirect_uri=self.settings.eaccounting_redirect_uri,
            title=self.title,
        )

    def streams(self) -> list[Stream]:
        clock = self.clock
        return [
            FiscalYears(clock),
            VatCodes(clock),
            Accounts(self.codes, clock),
            CostCenters(clock),
            CostUnits(clock),
            Projects(clock),
            Contacts(clock),
            VoucherRows(self.codes, clock),
        ]

    def client(self, connection_id: str) -> RestClient:
        """An authenticated client of one connection."""
        return RestClient(
            http=self.http,
            authenticator=self.authenticator(connection_id),
            error_handler=EAccountingErrors(self.clock),
            clock=self.clock,
        )

    async def administrations(self, connection_id: str) -> list[Administration] | None:
        company = await self.client(connection_id).get_json("/v2/companysettings")
        name = str(company.get("Name") or "") if isinstance(company, dict) else ""
        return [Administration(code=company_of(company), name=name, current=True)]

    async def reachable(self, client: RestClient, request: RequestSync) -> bool | None:
        opened = company_of(await client.get_json("/v2/companysettings"))
        return opened.lower() == request.external_id.lower() if opened else None

    @asynccontextmanager
    async def session(self, request: RequestSync) -> AsyncIterator[RestClient]:
        """The connection's client, with the company's reference codes loaded."""
        client = self.client(self.require_connection(request))
        await self.codes.load(request.administration_id, client)
        try:
            yield client
        finally:
            self.codes.close(request.administration_id)


def company_of(settings: Any) -> str:
    """The company a connection opens (``CompanyIdentifier`` of its company settings)."""
    return str(settings.get("CompanyIdentifier") or "") if isinstance(settings, dict) else ""
