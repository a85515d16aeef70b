"""Exports of stories as JSON, CSV and a Markdown brief (shared by the CLI and the web API)."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict

from .store import Store, outlet_label

VERDICT_NAMES = {"agree": "Agreement", "conflict": "Conflict", "only_one": "Only one outlet"}


def story_bundle(store: Store, story_id: str) -> dict:
    """Everything an export holds about one story: the story, its articles, event dates and verdicts."""
    story = store.story(story_id)
    articles = store.story_articles(story_id)
    return {
        "id": story.id, "headline": story.headline, "outlets": story.outlets,
        "first_date": story.first_date, "last_date": story.last_date,
        "articles": [{"id": a.id, "outlet": a.outlet, "publisher": a.publisher, "date": a.date,
                      "headline": a.headline, "url": a.url, "copy_of": a.copy_of, "text": a.text,
                      "times": [asdict(t) for t in a.times],
                      "quotes": [{**asdict(q), "text": a.text[q.start:q.end]} for q in a.quotes]}
                     for a in articles],
        "verdicts": store.verdicts(story_id) or [],
    }


def to_json(bundles: list[dict]) -> str:
    return json.dumps(bundles, ensure_ascii=False, indent=2) + "\n"


def to_csv(bundles: list[dict]) -> str:
    """One row per article: the story it belongs to and the article's metadata."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["story_id", "story_headline", "article_id", "outlet", "publisher", "date", "headline", "url",
                     "copy_of"])
    for b in bundles:
        for a in b["articles"]:
            writer.writerow([b["id"], b["headline"], a["id"], a["outlet"] or "", a["publisher"] or "",
                             a["date"] or "", a["headline"], a["url"] or "", a["copy_of"] or ""])
    return out.getvalue()


def _md(text: str) -> str:
    """Flatten and escape text for one Markdown line (article text is untrusted)."""
    flat = " ".join(str(text).split())
    for ch in "\\`*_[]<>|#":
        flat = flat.replace(ch, "\\" + ch)
    return flat


def to_markdown(bundles: list[dict]) -> str:
    """A brief per story: outlets and dates, each outlet's article, then agreement and conflict."""
    lines: list[str] = []
    for b in bundles:
        lines += [f"# {_md(b['headline'])}", "",
                  f"*{len(b['articles'])} articles from {_md(', '.join(b['outlets']))}; "
                  f"{b['first_date'] or '?'} to {b['last_date'] or '?'}*", "", "## Articles", ""]
        for a in b["articles"]:
            copy = " (copy)" if a["copy_of"] else ""
            lines.append(f"- {a['date'] or '?'} · **{_md(outlet_label(a['outlet'], a['publisher']))}**{copy}: "
                         f"{_md(a['headline'])}")
        if b["verdicts"]:
            lines += ["", "## What the outlets say", ""]
            for v in b["verdicts"]:
                lines.append(f"- **{VERDICT_NAMES.get(v['verdict'], v['verdict'])}**: {_md(v['claim'])}")
                for side, label in (("support", "says"), ("contradict", "contradicts")):
                    for outlet, sentences in (v.get(side) or {}).items():
                        for sentence in sentences[:2]:
                            lines.append(f"  - {_md(outlet)} {label}: “{_md(sentence)}”")
        lines.append("")
    return "\n".join(lines)


def export_stories(store: Store, story_ids: list[str], fmt: str) -> str:
    """Render the stories in the given format: json, csv or md."""
    bundles = [story_bundle(store, sid) for sid in story_ids]
    return {"json": to_json, "csv": to_csv, "md": to_markdown}[fmt](bundles)
