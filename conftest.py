"""Shared pytest fixtures for every package: see ledgerbus_servicekit.testing."""

pytest_plugins = ["ledgerbus_servicekit.testing.fixtures"]
