"""`python -m ledgerbus_sandboxes.eaccounting [--port 8094]`: serve the sandbox."""

from fastapi import FastAPI

from ledgerbus_sandboxes.common.serve import serve_sandbox
from ledgerbus_sandboxes.eaccounting import EAccountingSandboxConfig, create_app


def _app() -> FastAPI:
    return create_app(EAccountingSandboxConfig.from_env())


if __name__ == "__main__":
    serve_sandbox("eaccounting", _app, "EACCOUNTING_SANDBOX_PORT", 8094)
