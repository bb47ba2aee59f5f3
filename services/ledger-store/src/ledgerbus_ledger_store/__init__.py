"""ledgerbus-ledger-store."""
