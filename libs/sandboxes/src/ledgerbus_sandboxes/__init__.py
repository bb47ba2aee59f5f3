"""ledgerbus-sandboxes."""
