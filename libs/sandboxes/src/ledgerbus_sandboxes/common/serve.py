"""The command line every sandbox shares: ``python -m ledgerbus_sandboxes.<package>``."""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable

import uvicorn
from fastapi import FastAPI


def serve_sandbox(
    name: str, create_app: Callable[[], FastAPI], port_variable: str, default_port: int
) -> None:
    """Parse ``--host``/``--port`` (default from ``port_variable``) and serve the sandbox."""
    parser = argparse.ArgumentParser(prog=f"ledgerbus_sandboxes.{name}")
    parser.add_argument(
        "--port", type=int, default=int(os.environ.get(port_variable, default_port))
    )
    parser.add_argument("--host", default="127.0.0.1")
    args = parser.parse_args()
    uvicorn.run(create_app(), host=args.host, port=args.port, log_level="info")
