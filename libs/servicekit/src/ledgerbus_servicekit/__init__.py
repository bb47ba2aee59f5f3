"""ledgerbus-servicekit."""
