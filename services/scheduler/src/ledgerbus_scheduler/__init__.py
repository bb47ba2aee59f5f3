"""ledgerbus-scheduler."""
