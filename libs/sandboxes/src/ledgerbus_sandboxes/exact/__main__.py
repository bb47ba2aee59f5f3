"""`python -m ledgerbus_sandboxes.exact [--port 8091]`: serve the Exact sandbox."""

from __future__ import annotations

import argparse
import os

import uvicorn

from ledgerbus_sandboxes.exact import create_app


def main() -> None:
    parser = argparse.ArgumentParser(prog="ledgerbus_sandboxes.exact")
    parser.add_argument("--port", type=int, default=int(os.environ.get("EXACT_SANDBOX_PORT", 8091)))
    parser.add_argument("--host", default="127.0.0.1")
    args = parser.parse_args()
    uvicorn.run(create_app(), host=args.host, port=args.port, log_level="info")


if __name__ == "__main__":
    main()
