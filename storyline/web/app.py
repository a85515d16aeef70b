"""The workbench as a FastAPI app: pages, the JSON API under /api, analyst actions, static assets.

Article text is untrusted: templates autoescape, highlights escape every piece, and every response
carries a Content-Security-Policy that allows only our own scripts and styles (no inline code).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from ..store.actions import ActionError
from . import actions, actors, article, search, stories, story
from .common import HERE, Snapshot, Stores, make_templates, render

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self';"
       " object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
]
MAX_BODY = 64 * 1024  # largest request body accepted (actions carry a few names)


class SecurityMiddleware:
    """Adds the security headers to every response; refuses big bodies and cross-site writes."""

    def __init__(self, app: Any):
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        refusal = _refusal(scope["method"], headers)
        if refusal:
            response = JSONResponse({"detail": refusal[1]}, refusal[0], headers=_plain(SECURITY_HEADERS))
            await response(scope, receive, send)
            return

        async def send_with_headers(message: dict) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _plain(headers: list[tuple[bytes, bytes]]) -> dict[str, str]:
    return {k.decode(): v.decode() for k, v in headers}


def _refusal(method: str, headers: dict[bytes, bytes]) -> tuple[int, str] | None:
    """(status, reason) when a request must be refused before reaching the app."""
    try:
        if int(headers.get(b"content-length", b"0")) > MAX_BODY:
            return 413, "request body too large"
    except ValueError:
        return 400, "bad content-length"
    if method == "POST":
        origin = headers.get(b"origin")
        host = headers.get(b"host", b"").decode("latin-1")
        if origin is not None and urlsplit(origin.decode("latin-1")).netloc != host:
            return 403, "cross-site request refused"
        if headers.get(b"sec-fetch-site") == b"cross-site":
            return 403, "cross-site request refused"
    return None


def create_app(db_path: str, token: str | None = None, cache_size: int = 2000) -> FastAPI:
    """The workbench over the store at `db_path`; with `token`, write actions require it.

    `cache_size` pages and lists are kept between commits to the store (0: none)."""
    app = FastAPI(title="storyline", summary="Stories across outlets: compare what each outlet says.",
                  docs_url=None, redoc_url=None)  # the interactive docs load scripts from a CDN
    app.state.stores = Stores(db_path)
    app.state.snapshot = Snapshot(db_path, cache_size)
    app.state.token = token or None
    app.state.templates = make_templates()
    for module in (stories, story, article, actors, search, actions):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(ActionError, _action_error)
    app.add_exception_handler(RequestValidationError, _invalid)
    app.add_middleware(SecurityMiddleware)
    return app


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith("/api") and "text/html" in request.headers.get("accept", "")


def _error(request: Request, status: int, message: str, headers: dict | None = None) -> Response:
    if _wants_html(request):
        response = render(request, "error.html", {"status": status, "message": message}, status)
        response.headers.update(headers or {})
        return response
    return JSONResponse({"detail": message}, status, headers=headers)


async def _http_error(request: Request, exc: HTTPException) -> Response:
    return _error(request, exc.status_code, str(exc.detail), getattr(exc, "headers", None))


async def _action_error(request: Request, exc: ActionError) -> Response:
    return _error(request, exc.status, str(exc))


async def _invalid(request: Request, exc: RequestValidationError) -> Response:
    if _wants_html(request):
        return _error(request, 422, "invalid request: " + "; ".join(e.get("msg", "") for e in exc.errors()))
    return JSONResponse({"detail": jsonable_encoder(exc.errors())}, 422)
