"""An article: cleaned text with entity, time and quote highlights; removed boilerplate on request."""

from __future__ import annotations

from dataclasses import asdict

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from ..model import Article
from ..store import Store, outlet_label, views
from .common import not_found, page, store_of
from .highlight import article_spans, highlight

router = APIRouter()


def article_data(store: Store, article_id: str) -> dict:
    """The article with annotations, its outlet label and its story's headline."""
    resolved = views.find_article(store, article_id[:200])
    article = store.article(resolved) if resolved else None
    if article is None:
        raise not_found("article")
    story_id = store.conn.execute("SELECT story_id FROM articles WHERE id = ?", (article.id,)).fetchone()[0]
    story = views.story_heads(store, [story_id]).get(story_id) if story_id else None
    return {"article": article, "outlet": outlet_label(article.outlet, article.publisher), "story_id": story_id,
            "story_headline": story["headline"] if story else None, "actors": mentioned(article)}


def mentioned(article: Article) -> list[dict]:
    """Each actor or place once (by canonical name), with its label, roles, the forms used and a count."""
    actors: dict[str, dict] = {}
    for e in article.entities:
        name = e.canonical or e.text
        actor = actors.setdefault(name, {"name": name, "label": e.label, "roles": [], "forms": [], "mentions": 0})
        actor["mentions"] += 1
        for key, value in (("roles", e.role), ("forms", e.text if e.text != name else None)):
            if value and value not in actor[key]:
                actor[key].append(value)
    return sorted(actors.values(), key=lambda a: (-a["mentions"], a["name"]))


@router.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
async def article_page(request: Request, article_id: str, removed: bool = False) -> HTMLResponse:
    """The article page (its HTML kept until the next commit)."""
    def context(store: Store) -> dict:
        data = article_data(store, article_id)
        body = highlight(data["article"].text, article_spans(data["article"]))
        return {**data, "body": body, "show_removed": removed}

    return page(request, (article_id[:200], removed), "article.html", context)


@router.get("/api/articles/{article_id}", tags=["articles"])
async def article_api(request: Request, article_id: str) -> dict:
    """The cleaned article with entities, times, quotes, claims and the removed boilerplate."""
    data = article_data(store_of(request), article_id)
    return {**asdict(data["article"]), "headline": data["article"].headline, "outlet_label": data["outlet"],
            "story_id": data["story_id"], "story_headline": data["story_headline"]}
