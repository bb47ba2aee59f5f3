"""`python -m ledgerbus_sandboxes.twinfield [--port 8092]`: serve the sandbox."""

from ledgerbus_sandboxes.common.serve import serve_sandbox
from ledgerbus_sandboxes.twinfield import TwinfieldSandboxConfig, create_app

if __name__ == "__main__":
    serve_sandbox(
        "twinfield",
        lambda: create_app(TwinfieldSandboxConfig.from_env()),
        "TWINFIELD_SANDBOX_PORT",
        8092,
    )
