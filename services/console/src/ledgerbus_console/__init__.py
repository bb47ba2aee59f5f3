"""ledgerbus-console: the operator console, a web page over the platform's own APIs.

Why a service of its own rather than a page inside one of the others: the page needs one
origin (a browser calling six services on six ports would need CORS everywhere) and one
place that knows every service's URL. The console serves the static page (plain HTML, CSS
and ES modules from this package, no build step) and proxies ``/api/<service>/v1/...`` to
the scheduler, ledger-store, notifier and connectors with the caller's ``Authorization``
header unchanged, so every tenant check stays in the service that owns the data. The
console stores no token (the page keeps it in the tab's sessionStorage), answers 401
without forwarding a request that carries none, and forwards nothing but ``/v1`` paths.
"""
