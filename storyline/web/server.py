"""Run the workbench with uvicorn (what `storyline serve` calls)."""

from __future__ import annotations

import os

import uvicorn
from fastapi import FastAPI

from .app import create_app

ENV_DB, ENV_TOKEN, ENV_CACHE = "STORYLINE_WEB_DB", "STORYLINE_WEB_TOKEN", "STORYLINE_WEB_CACHE"


def serve(db: str, host: str = "127.0.0.1", port: int = 8000, token: str | None = None,
          cache_size: int = 2000, workers: int = 1) -> None:
    """Serve the store at `db` on host:port (loopback by default); with `token`, writes require it.

    With `workers` > 1, that many processes share the port (each builds the app from the environment)."""
    options = {"host": host, "port": port, "log_level": "warning", "access_log": False}
    if workers <= 1:
        uvicorn.run(create_app(db, token, cache_size), **options)
        return
    os.environ.update({ENV_DB: db, ENV_TOKEN: token or "", ENV_CACHE: str(cache_size)})
    uvicorn.run("storyline.web.server:app_from_environment", factory=True, workers=workers, **options)


def app_from_environment() -> FastAPI:
    """The app of one worker process, configured by serve() through the environment."""
    return create_app(os.environ[ENV_DB], os.environ.get(ENV_TOKEN) or None, int(os.environ.get(ENV_CACHE, "2000")))
