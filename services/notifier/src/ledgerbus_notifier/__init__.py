"""ledgerbus-notifier."""
