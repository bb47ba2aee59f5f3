"""`python -m ledgerbus_sandboxes.exact [--port 8091]`: serve the sandbox."""

from ledgerbus_sandboxes.common.serve import serve_sandbox
from ledgerbus_sandboxes.exact import ExactSandboxConfig, create_app

if __name__ == "__main__":
    serve_sandbox(
        "exact", lambda: create_app(ExactSandboxConfig.from_env()), "EXACT_SANDBOX_PORT", 8091
    )
