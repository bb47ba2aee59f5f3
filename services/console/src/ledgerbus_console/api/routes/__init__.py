"""The console's routes: the page and its configuration, and the proxy to the services."""

from ledgerbus_console.api.routes import page, proxy

ROUTERS = [page.router, proxy.router]
