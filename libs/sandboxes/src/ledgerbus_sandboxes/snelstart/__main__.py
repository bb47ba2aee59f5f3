"""`python -m ledgerbus_sandboxes.snelstart [--port 8093]`: serve the sandbox."""

from ledgerbus_sandboxes.common.serve import serve_sandbox
from ledgerbus_sandboxes.snelstart import SnelStartSandboxConfig, create_app

if __name__ == "__main__":
    serve_sandbox(
        "snelstart",
        lambda: create_app(SnelStartSandboxConfig.from_env()),
        "SNELSTART_SANDBOX_PORT",
        8093,
    )
