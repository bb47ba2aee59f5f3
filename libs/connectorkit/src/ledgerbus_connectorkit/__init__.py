"""ledgerbus-connectorkit."""
