"""ledgerbus-connector-twinfield."""
