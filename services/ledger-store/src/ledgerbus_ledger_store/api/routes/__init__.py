"""The ledger-store's HTTP routes, all under ``/v1``."""

from ledgerbus_ledger_store.api.routes import balances, dossier, entities, held, postings, syncs

ROUTERS = [
    entities.router,
    syncs.router,
    held.router,
    balances.router,
    dossier.router,
    postings.router,
]
