"""ledgerbus-devtools."""
