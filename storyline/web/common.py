"""What every page and endpoint shares: the per-thread store, templates, token checks, limits."""

from __future__ import annotations

import functools
import hmac
import threading
from pathlib import Path
from collections import OrderedDict
from typing import Any, Callable, Hashable
from urllib.parse import quote, urlencode

import jinja2
from fastapi import HTTPException, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from ..store import Store
from ..store import views
from .highlight import marked, mark_terms

HERE = Path(__file__).parent
MAX_QUERY = 200  # longest text accepted in a query parameter or form field
PAGE_SIZE = 50


class Stores:
    """One Store (SQLite connection) per worker thread: sqlite3 connections are not shared across threads."""

    def __init__(self, path: str):
        self.path = path
        self.local = threading.local()
        self.get()  # creates and migrates the schema if needed, and fails early if it is not a store

    def get(self) -> Store:
        """The calling thread's store, opened on first use."""
        store = getattr(self.local, "store", None)
        if store is None:
            store = self.local.store = Store(self.path)
        return store


class Snapshot:
    """Values computed from the store (the story list, rendered pages), kept until anyone commits.

    A dedicated connection watches `PRAGMA data_version`, which changes on every commit by any other
    connection or process, so ingest runs and analyst actions show on the next request. At most
    `size` values are kept (least recently used go first); size 0 turns caching off."""

    def __init__(self, path: str, size: int = 2000):
        self.watch = Store(path)
        self.lock = threading.Lock()
        self.size = size
        self.version: int | None = None
        self.values: OrderedDict[Hashable, Any] = OrderedDict()

    def get(self, store: Store, key: Hashable, compute: Callable[[Store], Any]) -> Any:
        """The value kept under `key` since the last commit, else `compute(store)` (then kept)."""
        if self.size <= 0:
            return compute(store)
        with self.lock:
            version = views.data_version(self.watch)
            if version != self.version:
                self.values.clear()
                self.version = version
            if key in self.values:
                self.values.move_to_end(key)
                return self.values[key]
        value = compute(store)  # outside the lock: a slow page does not hold up the others
        with self.lock:
            if self.version == version:
                self.values[key] = value
                while len(self.values) > self.size:
                    self.values.popitem(last=False)
        return value


def make_templates() -> Jinja2Templates:
    """Jinja2 with autoescape on for every template (article text is untrusted)."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(HERE / "templates")), autoescape=True,
                             undefined=jinja2.StrictUndefined, auto_reload=False)  # no stat() per page
    env.filters["marked"] = marked
    env.filters["mark_terms"] = mark_terms
    env.filters["page_url"] = page_url
    env.filters["urlencode"] = path_part
    return Jinja2Templates(env=env)


@functools.lru_cache(maxsize=65536)
def path_part(value: str) -> str:
    """A value quoted for one URL path segment (ids and names repeat, so this is cached)."""
    return quote(str(value), safe="")


def page_url(filters: dict[str, str | None], page: int) -> str:
    """The stories list URL with the same filters on another page."""
    return "/?" + urlencode({**{k: v for k, v in filters.items() if v}, "page": page})


def cached(request: Request, key: Hashable, compute: Callable[[Store], Any]) -> Any:
    """`compute(store)`, reused until the next commit to the store."""
    return request.app.state.snapshot.get(store_of(request), key, compute)


def page(request: Request, key: Hashable, name: str, context: Callable[[Store], dict[str, Any]]) -> HTMLResponse:
    """The template rendered with `context(store)`, the HTML reused until the next commit to the store."""
    def compute(store: Store) -> str:
        template = request.app.state.templates.env.get_template(name)
        return template.render({"needs_token": request.app.state.token is not None, **context(store)})

    return HTMLResponse(cached(request, (name, key), compute))


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
    """A 404 naming what was not found (never echoing the id asked for)."""
    return HTTPException(404, f"{what} not found")
