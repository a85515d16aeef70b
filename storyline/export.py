"""Exports of stories as JSON, CSV (one row per item, safe to open in a spreadsheet) or a Markdown brief.

One implementation for the CLI (`storyline export`) and the web API (/api/stories/{id}/export).
"""

from __future__ import annotations

import csv
import io
import json
import re

from .store import Store, views


CSV_COLUMNS = ["section", "outlet", "date", "subject", "value", "evidence", "article_id"]
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def story_json(story: dict) -> str:
    """The story data as pretty JSON."""
    return json.dumps(story, ensure_ascii=False, indent=2)


def _cell(value: object) -> str:
    """A CSV cell that a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def story_csv(story: dict) -> str:
    """Articles, claims (one row per outlet and stance), timeline dates and quotes as one table."""
    rows: list[list[object]] = []
    for column in story["columns"]:
        for a in column["articles"]:
            rows.append(["article", column["outlet"], a["date"], a["headline"], a["url"], "", a["id"]])
    for v in story["verdicts"]:
        for stance in ("support", "contradict"):
            for outlet, sentences in v.get(stance, {}).items():
                for sentence in sentences or [""]:
                    rows.append(["claim", outlet, "", v["claim"], f"{v['verdict']}:{stance}", sentence, ""])
        for outlet in v.get("silent", []):
            rows.append(["claim", outlet, "", v["claim"], f"{v['verdict']}:silent", "", ""])
    for t in story["timeline"]:
        rows.append([t["kind"] + "_date", t["outlet"], t["date"], t["text"], t["published"],
                     t["before"] + t["match"] + t["after"], t["article_id"]])
    for group in story["quotes"]:
        for q in group["quotes"]:
            rows.append(["quote", q["outlet"], q["date"], group["speaker"], "direct" if q["direct"] else "indirect",
                         q["text"], q["article_id"]])
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(CSV_COLUMNS)
    writer.writerows([[_cell(c) for c in row] for row in rows])
    return buf.getvalue()


def md(text: object) -> str:
    """Untrusted text as inert Markdown: no HTML, no links, no emphasis, on one line."""
    value = " ".join(str(text or "").split())
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", value)


def story_markdown(story: dict) -> str:
    """A brief for analysts: where outlets agree, conflict, what one reports alone, when, who said what."""
    lines = [f"# {md(story['headline'])}", "",
             f"{story['articles']} articles from {len(story['outlets'])} outlets, "
             f"{md(story['first_date'] or '?')} to {md(story['last_date'] or '?')}: "
             + ", ".join(md(o) for o in story["outlets"]), ""]
    titles = {"conflict": "Where outlets contradict each other", "agree": "Where outlets agree",
              "only_one": "Reported by one outlet only"}
    for verdict, title in titles.items():
        claims = [v for v in story["verdicts"] if v.get("verdict") == verdict]
        if not claims:
            continue
        lines += [f"## {title}", ""]
        for v in claims:
            lines.append(f"- **{md(v['claim'])}**")
            for stance, word in (("support", "says"), ("contradict", "contradicts")):
                for outlet, sentences in v.get(stance, {}).items():
                    for sentence in sentences or [""]:
                        lines.append(f"  - {md(outlet)} {word}: {md(sentence)}")
            if v.get("silent"):
                lines.append(f"  - silent: {', '.join(md(o) for o in v['silent'])}")
        lines.append("")
    events = [t for t in story["timeline"] if t["kind"] == "event"]
    if events:
        lines += ["## Timeline", ""]
        lines += [f"- {md(t['date'])}: {md(t['before'] + t['match'] + t['after'])} ({md(t['outlet'])})"
                  for t in events]
        lines.append("")
    if story["quotes"]:
        lines += ["## Who said what", ""]
        for group in story["quotes"]:
            lines.append(f"- **{md(group['speaker'])}** ({', '.join(md(o) for o in group['outlets'])})")
            lines += [f"  - {md(q['text'])} ({md(q['outlet'])})" for q in group["quotes"]]
        lines.append("")
    lines += ["## Articles", ""]
    for column in story["columns"]:
        for a in column["articles"]:
            lines.append(f"- {md(a['date'] or '')} {md(column['outlet'])}: {md(a['headline'])}")
    return "\n".join(lines) + "\n"


def story_data(store: Store, story_id: str) -> dict | None:
    """Everything the story page and the exports show, as plain data; None when no story matches."""
    resolved = views.resolve_story(store, story_id)
    summary = views.story_summary(store, resolved) if resolved else None
    if summary is None:
        return None
    verdicts = store.verdicts(resolved) or []
    claim_outlets: list[str] = []
    for v in verdicts:
        for outlet in [*v.get("support", {}), *v.get("contradict", {}), *v.get("silent", [])]:
            if outlet not in claim_outlets:
                claim_outlets.append(outlet)
    return {**summary, "columns": views.story_columns(store, resolved), "verdicts": verdicts,
            "claim_outlets": claim_outlets, "timeline": views.timeline(store, resolved),
            "actors": views.story_actors(store, resolved), "quotes": views.story_quotes(store, resolved)}


def export_stories(store: Store, story_ids: list[str], fmt: str) -> str:
    """Several stories in one document: a JSON list, one CSV table with a story_id column, or briefs."""
    stories = [s for s in (story_data(store, sid) for sid in story_ids) if s is not None]
    if fmt == "json":
        return json.dumps(stories, ensure_ascii=False, indent=2) + "\n"
    if fmt == "md":
        return "\n".join(story_markdown(s) for s in stories)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["story_id"] + CSV_COLUMNS)
    for s in stories:
        for row in list(csv.reader(io.StringIO(story_csv(s))))[1:]:
            writer.writerow([s["id"]] + row)
    return out.getvalue()
