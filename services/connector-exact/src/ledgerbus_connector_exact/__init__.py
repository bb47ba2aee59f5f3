"""ledgerbus-connector-exact."""
