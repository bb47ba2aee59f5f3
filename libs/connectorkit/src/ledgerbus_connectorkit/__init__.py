"""ledgerbus connector toolkit: the layers every package connector is built from.

A connector is a :class:`Connector` (its package, its streams, how to open an API
session), a :class:`RestClient` with an authenticator, a rate budget and an error
handler that turns responses into :class:`ErrorResolution` values, and one small
:class:`Stream` per entity type. :class:`SyncRunner` and :class:`JobWorker` run syncs
durably and resumably; :func:`start_connector` wires it all into a service.

Adding a package connector
--------------------------
The kit owns the service: app factory and entrypoint (:mod:`.app`: ``connector_app``,
``serve_connector``), settings base (:mod:`.settings`), dependencies (:mod:`.deps`),
the connections API (:mod:`.routes`: list, read, administrations; :mod:`.connection_routes`:
create and re-authorise, OAuth2 code or API key), the connections table
(``kit_004_connections``) and its repository (:mod:`.repository`), the OAuth2 token
client and locked refresh (:mod:`.oauth`, :mod:`.auth_oauth`), the API-key
authenticator (:mod:`.auth_key`), the default HTTP error mapping (:mod:`.http_errors`)
and the conformance suite (:mod:`.testing.suite`, :mod:`.testing.rig`). A package
provides, in ``services/connector-<name>/src/ledgerbus_connector_<name>/``:

- ``core/config.py``: ``Settings(ConnectorSettings)`` with ``service_name``,
  ``database_schema``, ``port`` and its URLs and keys;
- its connector: a subclass of :class:`~.package.OAuthConnector` (``oauth_client()``
  from the settings; ``refresh_interval``/``expiry_margin``/``header`` where the package
  differs) or :class:`~.package.ApiKeyConnector` (``exchange_key``), with ``package``,
  ``title``, ``base_url(settings)``, ``streams()``, ``session(request)`` (a
  :class:`RestClient` with ``self.authenticator(connection_id)`` and its error map),
  and optionally ``administrations(connection_id)``, ``reachable``, ``deletion_stream``;
- its streams: a base :class:`Stream` for the package's envelope and paging, then one
  class per entity type;
- its errors: a subclass of :class:`~.http_errors.HttpErrorMap` overriding only what
  differs (usually ``message``);
- ``main.py``: ``create_app(settings=None, *, clock=None, start_worker=True)`` returning
  ``connector_app(TheConnector, settings or Settings(), ...)``; ``__main__.py``:
  ``serve_connector(create_app, Settings())``; an empty ``migrations`` package (plus any
  table of its own);
- ``testing.py``: a rig, ``connector_rig(...)`` with its sandbox and credentials; and
  ``tests/integration/test_conformance.py``: ``class TestConformance(ConformanceSuite,
  rig=..., hard_deleted=..., changed=..., at_source=..., refused=...)``.
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
