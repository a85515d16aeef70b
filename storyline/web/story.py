"""A story: outlets side by side, the claim table, the timeline, actors and quotes; and its exports."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from ..store import Store
from .common import cached, not_found, page
from ..export import story_csv, story_data as export_story_data, story_json, story_markdown

router = APIRouter()


def story_data(store: Store, story_id: str) -> dict:
    """Everything the story page shows, as plain data (the API returns it as is)."""
    data = export_story_data(store, story_id)
    if data is None:
        raise not_found("story")
    return data


@router.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
async def story_page(request: Request, story_id: str) -> HTMLResponse:
    """The story page (its HTML kept until the next commit)."""
    return page(request, story_id[:200], "story.html", lambda store: {"story": cached_story(request, story_id)})


def cached_story(request: Request, story_id: str) -> dict:
    """story_data, reused until the next commit to the store."""
    return cached(request, ("story", story_id[:200]), lambda store: story_data(store, story_id[:200]))


@router.get("/api/stories/{story_id}", tags=["stories"])
async def story_api(request: Request, story_id: str) -> dict:
    """A story with its outlet columns, verdicts, timeline, actors and quotes grouped by speaker."""
    return cached_story(request, story_id)


@router.get("/api/stories/{story_id}/export", tags=["stories"])
async def story_export(request: Request, story_id: str, format: Literal["json", "csv", "md"] = "json") -> Response:
    """The story as a JSON document, a CSV table (one row per item) or a Markdown brief."""
    data = cached_story(request, story_id)
    body, media = {"json": (story_json, "application/json"), "csv": (story_csv, "text/csv; charset=utf-8"),
                   "md": (story_markdown, "text/markdown; charset=utf-8")}[format]
    filename = f"story-{''.join(c for c in data['id'] if c.isalnum() or c in '-_')[:40]}.{format}"
    return Response(body(data), media_type=media,
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
