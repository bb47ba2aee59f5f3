"""ledgerbus-contracts."""
