"""What every page and endpoint shares: the per-thread store, templates, token checks, limits."""

from __future__ import annotations

import hmac
import threading
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import jinja2
from fastapi import HTTPException, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from ..store import Store
from ..store.views import ensure_indexes
from .highlight import marked, mark_terms

HERE = Path(__file__).parent
MAX_QUERY = 200  # longest text accepted in a query parameter or form field
PAGE_SIZE = 50


class Stores:
    """One Store (SQLite connection) per worker thread: sqlite3 connections are not shared across threads."""

    def __init__(self, path: str):
        self.path = path
        self.local = threading.local()
        first = self.get()  # creates the schema if the file is new, and fails early if it is not a store
        ensure_indexes(first)

    def get(self) -> Store:
        store = getattr(self.local, "store", None)
        if store is None:
            store = self.local.store = Store(self.path)
        return store


def make_templates() -> Jinja2Templates:
    """Jinja2 with autoescape on for every template (article text is untrusted)."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(HERE / "templates")), autoescape=True,
                             undefined=jinja2.StrictUndefined)
    env.filters["marked"] = marked
    env.filters["mark_terms"] = mark_terms
    env.filters["page_url"] = page_url
    return Jinja2Templates(env=env)


def page_url(filters: dict[str, str | None], page: int) -> str:
    """The stories list URL with the same filters on another page."""
    return "/?" + urlencode({**{k: v for k, v in filters.items() if v}, "page": page})


def store_of(request: Request) -> Store:
    """The calling thread's store for this app."""
    return request.app.state.stores.get()


def render(request: Request, name: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    """Render a page template with what every page needs (token form field, nav)."""
    context = {"needs_token": request.app.state.token is not None, **context}
    return request.app.state.templates.TemplateResponse(request, name, context, status_code=status)


def check_token(request: Request, form_token: str | None = None) -> None:
    """With a token configured, a write needs it as `Authorization: Bearer TOKEN` or a form field."""
    expected = request.app.state.token
    if expected is None:
        return
    given = form_token or ""
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        given = header[7:].strip()
    if not given:
        raise HTTPException(401, "this action needs the token", headers={"WWW-Authenticate": "Bearer"})
    if not hmac.compare_digest(given.encode(), expected.encode()):
        raise HTTPException(403, "wrong token")


def not_found(what: str) -> HTTPException:
    return HTTPException(404, f"{what} not found")
