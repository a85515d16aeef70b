"""Run the workbench with uvicorn (what `storyline serve` calls)."""

from __future__ import annotations

import uvicorn

from .app import create_app


def serve(db: str, host: str = "127.0.0.1", port: int = 8000, token: str | None = None,
          cache_size: int = 2000) -> None:
    """Serve the store at `db` on host:port (loopback by default); with `token`, writes require it."""
    uvicorn.run(create_app(db, token, cache_size), host=host, port=port, log_level="warning", access_log=False)
