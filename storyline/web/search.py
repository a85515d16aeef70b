"""Full-text search (FTS5) over titles and texts, with highlighted snippets."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from ..store import views
from .common import MAX_QUERY, render, store_of

router = APIRouter()

Q = Annotated[str, Query(max_length=MAX_QUERY)]
Limit = Annotated[int, Query(ge=1, le=200)]


@router.get("/search", response_class=HTMLResponse, include_in_schema=False)
async def search_page(request: Request, q: Q = "", limit: Limit = 50) -> HTMLResponse:
    """The search page with highlighted snippets."""
    results = views.search(store_of(request), q, limit) if q.strip() else []
    return render(request, "search.html", {"q": q, "results": results})


@router.get("/api/search", tags=["search"])
async def search_api(request: Request, q: Q, limit: Limit = 50) -> list[dict]:
    """Articles matching an FTS5 query, best first; in `snippet` matches sit between U+E000 and U+E001."""
    return views.search(store_of(request), q, limit) if q.strip() else []
