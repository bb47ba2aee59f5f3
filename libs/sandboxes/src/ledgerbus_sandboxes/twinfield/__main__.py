"""`python -m ledgerbus_sandboxes.twinfield [--port 8092]`: serve the sandbox."""

from ledgerbus_sandboxes.common.serve import serve_sandbox
from ledgerbus_sandboxes.twinfield import create_app

if __name__ == "__main__":
    serve_sandbox("twinfield", create_app, "TWINFIELD_SANDBOX_PORT", 8092)
