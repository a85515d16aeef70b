"""The stories list: newest first, filtered by date range, outlet, actor and text."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from ..store import views
from .common import MAX_QUERY, PAGE_SIZE, cached, store_of
from .common import page as render_page

router = APIRouter()

Text = Annotated[str | None, Query(max_length=MAX_QUERY)]
Day = Annotated[str | None, Query(max_length=10, pattern=r"^(\d{4}(-\d{2}(-\d{2})?)?)?$")]


def stories_data(request: Request, date_from: str | None, date_to: str | None, outlet: str | None,
                 actor: str | None, q: str | None, page: int) -> dict:
    """One page of filtered stories with the filters echoed back."""
    filters = {"date_from": date_from or None, "date_to": date_to or None, "outlet": outlet or None,
               "actor": actor or None, "q": q or None}
    rows, total = views.list_stories(store_of(request), filters["date_from"], filters["date_to"], filters["outlet"],
                                     filters["actor"], filters["q"], PAGE_SIZE, (page - 1) * PAGE_SIZE,
                                     rows=cached(request, "story_rows", views.story_rows))
    return {"stories": rows, "total": total, "page": page, "pages": max(1, -(-total // PAGE_SIZE)),
            "filters": filters}


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
async def stories_page(request: Request, date_from: Day = None, date_to: Day = None, outlet: Text = None,
                 actor: Text = None, q: Text = None, page: Annotated[int, Query(ge=1, le=10_000)] = 1) -> HTMLResponse:
    """The stories page (its HTML kept until the next commit)."""
    key = (date_from, date_to, outlet, actor, q, page)
    return render_page(request, key, "stories.html", lambda store: {
        **stories_data(request, date_from, date_to, outlet, actor, q, page),
        "outlets": cached(request, "outlets", views.outlets)})


@router.get("/api/stories", tags=["stories"])
async def stories_api(request: Request, date_from: Day = None, date_to: Day = None, outlet: Text = None,
                actor: Text = None, q: Text = None, page: Annotated[int, Query(ge=1, le=10_000)] = 1) -> dict:
    """Stories newest first (50 a page), filtered by date range, outlet, actor and full text."""
    return stories_data(request, date_from, date_to, outlet, actor, q, page)


@router.get("/api/outlets", tags=["stories"])
async def outlets_api(request: Request) -> list[dict]:
    """Outlets with their article counts."""
    return cached(request, "outlets", views.outlets)
