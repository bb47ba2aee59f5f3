"""What a package connector declares: its package, streams, deletions and API session."""

from __future__ import annotations

from abc import ABC, abstractmethod
from contextlib import AbstractAsyncContextManager
from typing import Any, ClassVar

from ledgerbus_connectorkit.client import RestClient
from ledgerbus_connectorkit.stream import PageRequest, Stream, StreamContext
from ledgerbus_contracts import DeletedRecord, EntityType, Package, RequestSync


class DeletionStream(ABC):
    """Reads the records a package reports as hard-deleted since a cursor."""

    cursor_name: ClassVar[str] = "deleted"

    @abstractmethod
    def first_page(self, context: StreamContext) -> PageRequest:
        """The request for the first page."""

    @abstractmethod
    def deletions(self, payload: Any) -> list[tuple[EntityType | None, DeletedRecord, str]]:
        """(entity type, record, cursor value) per reported deletion; None for unmirrored types."""

    @abstractmethod
    def next_page(self, payload: Any) -> PageRequest | None:
        """The request for the next page, or None after the last."""


class Connector(ABC):
    """One accounting package: the streams it reads and how to open an API session."""

    package: ClassVar[Package]

    @abstractmethod
    def streams(self) -> list[Stream]:
        """One stream per supported entity type."""

    def deletion_stream(self) -> DeletionStream | None:
        """The package's report of hard deletes, if it has one."""
        return None

    async def reachable(self, client: RestClient, request: RequestSync) -> bool | None:
        """Whether the connection may reach the request's package administration.

        None when the connector cannot tell (the package's API then refuses what the
        connection may not read); False makes the sync fail before anything is read.
        """
        return None

    @abstractmethod
    def session(self, request: RequestSync) -> AbstractAsyncContextManager[RestClient]:
        """An authenticated client for the request's connection and administration."""
