"""Shared pytest fixtures for every package: see ledgerbus_servicekit.testing.

``tests.faults.matrix`` prints the fault matrix at the end of a run (see its docstring).
"""

pytest_plugins = ["ledgerbus_servicekit.testing.fixtures", "tests.faults.matrix"]
