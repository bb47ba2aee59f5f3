"""ledgerbus connector toolkit: the layers every package connector is built from.

A connector is a :class:`Connector` (its package, its streams, how to open an API
session), a :class:`RestClient` with an authenticator, a rate budget and an error
handler that turns responses into :class:`ErrorResolution` values, and one small
:class:`Stream` per entity type. :class:`SyncRunner` and :class:`JobWorker` run syncs
durably and resumably; :func:`start_connector` wires it all into a service.
"""

from ledgerbus_connectorkit.backoff import BackoffStrategy, ConstantBackoff, ExponentialBackoff
from ledgerbus_connectorkit.budget import RateBudget, UnlimitedBudget
from ledgerbus_connectorkit.client import RestClient
from ledgerbus_connectorkit.connector import Connector, DeletionStream
from ledgerbus_connectorkit.errors import (
    Action,
    ErrorResolution,
    SyncAborted,
    SyncPausedUntil,
)
from ledgerbus_connectorkit.jobs import Job, JobStore
from ledgerbus_connectorkit.runner import SyncRunner
from ledgerbus_connectorkit.service import ConnectorRuntime, connector_migrations, start_connector
from ledgerbus_connectorkit.stream import PageRequest, Stream, StreamContext
from ledgerbus_connectorkit.worker import JobWorker

__all__ = [
    "Action",
    "BackoffStrategy",
    "Connector",
    "ConnectorRuntime",
    "ConstantBackoff",
    "DeletionStream",
    "ErrorResolution",
    "ExponentialBackoff",
    "Job",
    "JobStore",
    "JobWorker",
    "PageRequest",
    "RateBudget",
    "RestClient",
    "Stream",
    "StreamContext",
    "SyncAborted",
    "SyncPausedUntil",
    "SyncRunner",
    "UnlimitedBudget",
    "connector_migrations",
    "start_connector",
]
