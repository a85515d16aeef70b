"""Actors: the most named ones, and for one actor the stories they appear in over time."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from ..store import views
from .common import MAX_QUERY, not_found, render, store_of

router = APIRouter()

Prefix = Annotated[str | None, Query(max_length=MAX_QUERY)]


def actor_data(request: Request, name: str) -> dict:
    """The actor's stories over time, or 404 when no story names them."""
    data = views.actor_stories(store_of(request), name[:MAX_QUERY])
    if not data["stories"]:
        raise not_found("actor")
    return data


@router.get("/actors", response_class=HTMLResponse, include_in_schema=False)
async def actors_page(request: Request, q: Prefix = None) -> HTMLResponse:
    """The actors page: most named first, filtered by a name prefix."""
    return render(request, "actors.html", {"actors": views.list_actors(store_of(request), q), "q": q or ""})


@router.get("/actors/{name:path}", response_class=HTMLResponse, include_in_schema=False)
async def actor_page(request: Request, name: str) -> HTMLResponse:
    """One actor: the stories they appear in over time, and an alias form."""
    return render(request, "actor.html", {"actor": actor_data(request, name)})


@router.get("/api/actors", tags=["actors"])
async def actors_api(request: Request, q: Prefix = None) -> list[dict]:
    """Actors named in most articles (100 at most), optionally those starting with `q`."""
    return views.list_actors(store_of(request), q)


@router.get("/api/actors/{name:path}", tags=["actors"])
async def actor_api(request: Request, name: str) -> dict:
    """The stories an actor (with its aliases) appears in, oldest first, with roles and mentions."""
    return actor_data(request, name)
