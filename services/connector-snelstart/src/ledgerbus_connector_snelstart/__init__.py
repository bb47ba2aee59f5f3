"""ledgerbus-connector-snelstart."""
