"""Analyst actions (merge, split, rename, alias, undo) as JSON endpoints and as page forms, plus the audit log.

With a token configured every write needs it (Bearer header or `token` form field): 401 without, 403 wrong.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BaseModel, Field

from ..pipeline import refresh_verdicts
from ..store import actions, views
from .common import MAX_QUERY, check_token, not_found, render, store_of

router = APIRouter()

Name = Annotated[str, Field(min_length=1, max_length=actions.MAX_NAME)]
FormText = Annotated[str, Form(max_length=actions.MAX_NAME)]
FormToken = Annotated[str, Form(max_length=MAX_QUERY)]


class Merge(BaseModel):
    source: Name
    target: Name


class Split(BaseModel):
    article_id: Name


class Rename(BaseModel):
    title: Annotated[str, Field(max_length=actions.MAX_NAME)] = ""


class Alias(BaseModel):
    variant: Name
    canonical: Name


def api_writer(request: Request) -> None:
    """The token check of the JSON write endpoints."""
    check_token(request)


def _story(request: Request, story_id: str) -> str:
    resolved = views.resolve_story(store_of(request), story_id[:MAX_QUERY])
    if resolved is None:
        raise not_found("story")
    return resolved


def _recompare(request: Request, *story_ids: str) -> None:
    """Stored verdicts follow the story's new members after a merge or split."""
    store = store_of(request)
    for story_id in story_ids:
        refresh_verdicts(store, story_id, store.aliases())


def _undo(request: Request, audit_id: int) -> int:
    """Undo an action; the stories whose articles move back are compared again."""
    undo_id = actions.undo(store_of(request), audit_id)
    _recompare(request, *actions.moved_stories(store_of(request), audit_id))
    return undo_id


# --- JSON API -------------------------------------------------------------------------------------

Writer = Depends(api_writer)


@router.post("/api/stories/merge", tags=["actions"], dependencies=[Writer])
def merge_api(request: Request, body: Merge) -> dict:
    """Move every article of `source` into `target`; clustering keeps them there (pins)."""
    target = _story(request, body.target)
    audit = actions.merge_stories(store_of(request), _story(request, body.source), target)
    _recompare(request, target)
    return {"audit_id": audit, "story_id": target}


@router.post("/api/stories/{story_id}/split", tags=["actions"], dependencies=[Writer])
def split_api(request: Request, story_id: str, body: Split) -> dict:
    """Take one article out of the story into a new story of its own."""
    old = _story(request, story_id)
    audit, new_id = actions.split_article(store_of(request), old, body.article_id)
    _recompare(request, old, new_id)
    return {"audit_id": audit, "story_id": new_id}


@router.post("/api/stories/{story_id}/rename", tags=["actions"], dependencies=[Writer])
def rename_api(request: Request, story_id: str, body: Rename) -> dict:
    """Set the analyst's title of a story (empty clears it)."""
    sid = _story(request, story_id)
    return {"audit_id": actions.rename_story(store_of(request), sid, body.title), "story_id": sid}


@router.post("/api/aliases", tags=["actions"], dependencies=[Writer])
def alias_api(request: Request, body: Alias) -> dict:
    """Record that a name variant refers to a canonical actor."""
    return {"audit_id": actions.add_alias(store_of(request), body.variant, body.canonical)}


@router.post("/api/audit/{audit_id}/undo", tags=["actions"], dependencies=[Writer])
def undo_api(request: Request, audit_id: int) -> dict:
    """Undo an earlier action (refused when later actions changed the same rows)."""
    return {"audit_id": _undo(request, audit_id), "undid": audit_id}


@router.get("/api/audit", tags=["actions"])
async def audit_api(request: Request) -> list[dict]:
    """The latest 50 analyst actions, newest first."""
    return views.audit_log(store_of(request))


@router.get("/api/aliases", tags=["actions"])
async def aliases_api(request: Request) -> dict[str, str]:
    """Every alias: name variant -> canonical actor."""
    return store_of(request).aliases()


# --- forms on the pages (redirect back after the action) ------------------------------------------


def _back(path: str) -> RedirectResponse:
    return RedirectResponse(path, status_code=303)


@router.post("/forms/merge", include_in_schema=False)
def merge_form(request: Request, source: FormText, target: FormText, token: FormToken = "") -> RedirectResponse:
    """Merge form on the story page: into the story named, then show it."""
    check_token(request, token)
    target_id = _story(request, target)
    actions.merge_stories(store_of(request), _story(request, source), target_id)
    _recompare(request, target_id)
    return _back(f"/stories/{quote(target_id)}")


@router.post("/forms/split", include_in_schema=False)
def split_form(request: Request, story_id: FormText, article_id: FormText, token: FormToken = "") -> RedirectResponse:
    """Split form on story and article pages: then show the new story."""
    check_token(request, token)
    old = _story(request, story_id)
    _, new_id = actions.split_article(store_of(request), old, article_id)
    _recompare(request, old, new_id)
    return _back(f"/stories/{quote(new_id)}")


@router.post("/forms/rename", include_in_schema=False)
def rename_form(request: Request, story_id: FormText, title: FormText = "", token: FormToken = "") -> RedirectResponse:
    """Rename form on the story page."""
    check_token(request, token)
    sid = _story(request, story_id)
    actions.rename_story(store_of(request), sid, title)
    return _back(f"/stories/{quote(sid)}")


@router.post("/forms/alias", include_in_schema=False)
def alias_form(request: Request, variant: FormText, canonical: FormText, token: FormToken = "") -> RedirectResponse:
    """Alias form on the actor page: then show the canonical actor."""
    check_token(request, token)
    actions.add_alias(store_of(request), variant, canonical)
    return _back(f"/actors/{quote(views.canonical_name(store_of(request), canonical.strip()), safe='')}")


@router.post("/forms/undo", include_in_schema=False)
def undo_form(request: Request, audit_id: Annotated[int, Form()], token: FormToken = "") -> RedirectResponse:
    """Undo button on the audit page."""
    check_token(request, token)
    _undo(request, audit_id)
    return _back("/audit")


@router.get("/audit", response_class=HTMLResponse, include_in_schema=False)
async def audit_page(request: Request) -> HTMLResponse:
    """The audit page: latest actions with undo buttons."""
    return render(request, "audit.html", {"entries": views.audit_log(store_of(request))})
