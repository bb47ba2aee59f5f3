"""Test support for connectors: the conformance suite every package connector passes."""

from ledgerbus_connectorkit.testing.conformance import ConformanceRig, SyncResult

__all__ = ["ConformanceRig", "SyncResult"]
