"""Read queries for the web workbench: filtered story lists, timelines, quotes, actors and search.

These complement Store's reads with what the pages show, bounded (LIMIT) and shaped as plain
dicts so the web layer only renders them. Aliases (variant -> canonical) are applied to actor names.
"""

from __future__ import annotations

import json
import re
import sqlite3
from typing import Any, Iterable

from ..model import Article
from .db import Store, outlet_label

# Markers FTS5 puts around matches in snippets: private-use characters, not '[' and ']' which
# article text holds; the web turns paired markers into <mark> after escaping and drops stray ones.
MARK_OPEN = "\ue000"
MARK_CLOSE = "\ue001"

CALENDAR_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(T[\d:.]+\w*)?$")  # a day, or a time on a known day
MAX_LIMIT = 200

def _bound(limit: int) -> int:
    return max(1, min(int(limit), MAX_LIMIT))


def _fts(store: Store, sql: str, query: str, params: tuple) -> list[sqlite3.Row]:
    """Run an FTS5 query whose MATCH is the first placeholder; on a syntax error, quote every word."""
    try:
        return store.conn.execute(sql, (query, *params)).fetchall()
    except sqlite3.OperationalError:
        quoted = _quote_fts(query)
        return store.conn.execute(sql, (quoted, *params)).fetchall() if quoted else []


# --- names and aliases ------------------------------------------------------------------------------


def canonical_name(store: Store, name: str) -> str:
    """The canonical actor for a name (the name itself when it has no alias)."""
    row = store.conn.execute("SELECT canonical FROM aliases WHERE variant = ?", (name,)).fetchone()
    return row[0] if row else name


def name_variants(store: Store, name: str) -> list[str]:
    """The canonical name of `name` and every alias variant that maps to it."""
    canonical = canonical_name(store, name)
    rows = store.conn.execute("SELECT variant FROM aliases WHERE canonical = ?", (canonical,)).fetchall()
    return [canonical] + sorted({r[0] for r in rows} - {canonical})


def _alias_map(store: Store, names: Iterable[str]) -> dict[str, str]:
    names = list(set(names))
    if not names:
        return {}
    marks = ",".join("?" * len(names))
    return dict(store.conn.execute(f"SELECT variant, canonical FROM aliases WHERE variant IN ({marks})",
                                   names).fetchall())


def outlets(store: Store) -> list[dict]:
    """Outlets with their article counts, most articles first."""
    rows = store.conn.execute("SELECT outlet, COUNT(*) AS n FROM articles WHERE outlet IS NOT NULL"
                              " GROUP BY outlet ORDER BY n DESC, outlet").fetchall()
    return [{"outlet": r[0], "articles": r[1]} for r in rows]


# --- stories ----------------------------------------------------------------------------------------


def data_version(store: Store) -> int:
    """A number that changes whenever another connection commits (cheap: no table read)."""
    return store.conn.execute("PRAGMA data_version").fetchone()[0]


def story_rows(store: Store) -> list[dict]:
    """Every story's dates, size, analyst title and verdict counts, newest first (what the list filters)."""
    rows = store.conn.execute(
        "WITH agg AS (SELECT story_id AS id, MIN(date) AS first_date, MAX(date) AS last_date, COUNT(*) AS articles"
        " FROM articles WHERE story_id IS NOT NULL GROUP BY story_id)"
        " SELECT agg.*, s.title AS name, s.verdicts FROM agg JOIN stories s ON s.id = agg.id"
        " ORDER BY agg.last_date IS NULL, agg.last_date DESC, agg.id DESC").fetchall()
    return [{"id": r["id"], "first_date": r["first_date"], "last_date": r["last_date"], "articles": r["articles"],
             "name": r["name"], **verdict_counts(r["verdicts"])} for r in rows]


def matching_story_ids(store: Store, outlet: str | None = None, actor: str | None = None,
                       text: str | None = None) -> set[str] | None:
    """Ids of the stories with an article from `outlet`, naming `actor` and matching `text` (None: no filter)."""
    ids: set[str] | None = None
    queries: list[tuple[str, tuple]] = []
    if outlet:
        queries.append(("SELECT story_id FROM articles WHERE outlet = ? UNION"
                        " SELECT story_id FROM articles WHERE publisher = ?", (outlet, outlet)))
    if actor:
        names = name_variants(store, actor)
        marks = ",".join("?" * len(names))
        queries.append(("SELECT a.story_id FROM entities e JOIN articles a ON a.id = e.article_id"
                        f" WHERE e.canonical IN ({marks}) OR e.text IN ({marks})", (*names, *names)))
    for sql, params in queries:
        found = {r[0] for r in store.conn.execute(sql, params)}
        ids = found if ids is None else ids & found
    if text:
        sql = ("SELECT a.story_id FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid"
               " WHERE articles_fts MATCH ? LIMIT ?")
        found = {r[0] for r in _fts(store, sql, text, (100_000,))}
        ids = found if ids is None else ids & found
    if ids is not None:
        ids.discard(None)
    return ids


def list_stories(store: Store, date_from: str | None = None, date_to: str | None = None,
                 outlet: str | None = None, actor: str | None = None, text: str | None = None,
                 limit: int = 50, offset: int = 0, rows: list[dict] | None = None) -> tuple[list[dict], int]:
    """One page of stories, newest first, filtered; returns (rows, total matching).

    `rows` is story_rows(store), passed in when the caller keeps it cached between writes."""
    rows = story_rows(store) if rows is None else rows
    ids = matching_story_ids(store, outlet, actor, text)
    kept = [r for r in rows if (ids is None or r["id"] in ids)
            and (not date_from or (r["last_date"] or "") >= date_from)
            and (not date_to or (r["first_date"] or "\uffff")[:len(date_to)] <= date_to)]  # '2026' takes all of 2026
    offset = max(0, int(offset))
    page = kept[offset:offset + _bound(limit)]
    heads = story_heads(store, [r["id"] for r in page])
    out = []
    for r in page:
        head = heads.get(r["id"], {})
        out.append({"id": r["id"], "headline": r["name"] or head.get("headline", ""),
                    "first_date": r["first_date"], "last_date": r["last_date"], "articles": r["articles"],
                    "outlets": head.get("outlets", []), "agree": r["agree"], "conflict": r["conflict"],
                    "only_one": r["only_one"]})
    return out, len(kept)


def _quote_fts(query: str) -> str:
    """Every word as a quoted FTS5 string, so user input is never read as query syntax."""
    return " ".join('"' + w.replace('"', '""') + '"' for w in query.split())


def verdict_counts(verdicts_json: str | None) -> dict[str, int]:
    """How many claims of each verdict a story's stored verdicts hold."""
    counts = {"agree": 0, "conflict": 0, "only_one": 0}
    for v in json.loads(verdicts_json) if verdicts_json else []:
        if v.get("verdict") in counts:
            counts[v["verdict"]] += 1
    return counts


def story_heads(store: Store, story_ids: list[str]) -> dict[str, dict]:
    """Headline (analyst title, else first article's) and outlets (copies not counted) per story."""
    if not story_ids:
        return {}
    marks = ",".join("?" * len(story_ids))
    rows = store.conn.execute(
        "SELECT a.story_id, a.title, substr(a.text, 1, 400) AS text, a.outlet, a.publisher, a.copy_of,"
        f" s.title AS name FROM articles a JOIN stories s ON s.id = a.story_id WHERE a.story_id IN ({marks})"
        " ORDER BY a.rowid", story_ids).fetchall()
    heads: dict[str, dict] = {}
    for r in rows:
        head = heads.get(r["story_id"])
        if head is None:
            headline = r["name"] or r["title"] or Article(id="", text=r["text"], source="").headline
            head = heads[r["story_id"]] = {"headline": headline, "outlets": []}
        label = outlet_label(r["outlet"], r["publisher"])
        if not r["copy_of"] and label not in head["outlets"]:
            head["outlets"].append(label)
    return heads


def story_columns(store: Store, story_id: str) -> list[dict]:
    """The story's articles grouped by outlet (one column each), in date order within a column."""
    rows = store.conn.execute(
        "SELECT id, title, substr(text, 1, 600) AS text, date, url, outlet, publisher, author, copy_of"
        " FROM articles WHERE story_id = ? ORDER BY date IS NULL, date, rowid LIMIT 500", (story_id,)).fetchall()
    columns: dict[str, dict] = {}
    for r in rows:
        label = outlet_label(r["outlet"], r["publisher"])
        column = columns.setdefault(label, {"outlet": label, "articles": []})
        headline = r["title"] or Article(id="", text=r["text"], source="").headline
        lead = r["text"].strip().split("\n\n", 1)[0][:300]
        column["articles"].append({"id": r["id"], "headline": headline, "date": r["date"], "url": r["url"],
                                   "author": r["author"], "copy_of": r["copy_of"], "lead": lead})
    return list(columns.values())


def timeline(store: Store, story_id: str) -> list[dict]:
    """Event dates (times whose value is a calendar date) and publication dates, in date order."""
    rows = store.conn.execute(
        "SELECT t.value, t.text, t.start, t.\"end\", a.id, a.outlet, a.publisher, a.date, a.title,"
        " substr(a.text, max(1, t.start - 119), min(t.start, 120) + (t.\"end\" - t.start) + 120) AS context,"
        " max(0, t.start - 120) AS context_start"
        " FROM times t JOIN articles a ON a.id = t.article_id WHERE a.story_id = ? LIMIT 2000",
        (story_id,)).fetchall()
    out = []
    for r in rows:
        if not CALENDAR_DATE.match(r["value"] or ""):
            continue
        before, match, after = _sentence_around(r["context"], r["start"] - r["context_start"],
                                                r["end"] - r["context_start"])
        out.append({"date": r["value"][:10], "kind": "event", "text": r["text"], "article_id": r["id"],
                    "outlet": outlet_label(r["outlet"], r["publisher"]), "published": r["date"],
                    "before": before, "match": match, "after": after})
    for r in store.conn.execute("SELECT id, outlet, publisher, date, title FROM articles"
                                " WHERE story_id = ? AND date IS NOT NULL LIMIT 500", (story_id,)):
        out.append({"date": r["date"][:10], "kind": "published", "text": r["title"] or "", "article_id": r["id"],
                    "outlet": outlet_label(r["outlet"], r["publisher"]), "published": r["date"],
                    "before": "", "match": "", "after": ""})
    out.sort(key=lambda x: (x["date"], x["kind"] != "event", x["outlet"]))
    return out


def _sentence_around(context: str, start: int, end: int) -> tuple[str, str, str]:
    """Cut the context to the sentence holding [start, end): (text before, the match, text after)."""
    left = max(context.rfind(". ", 0, start), context.rfind("\n", 0, start))
    left = left + 1 if left >= 0 else 0
    stops = [i for i in (context.find(". ", end), context.find("\n", end)) if i >= 0]
    right = min(stops) + 1 if stops else len(context)
    return context[left:start].lstrip(), context[start:end], context[end:right].rstrip()


def story_actors(store: Store, story_id: str) -> list[dict]:
    """Actors of a story (aliases applied) with labels, roles, mention counts and outlets."""
    rows = store.conn.execute(
        "SELECT e.text, e.label, e.canonical, e.role, a.outlet, a.publisher FROM entities e"
        " JOIN articles a ON a.id = e.article_id WHERE a.story_id = ? LIMIT 5000", (story_id,)).fetchall()
    return _group_actors(store, rows)


def _group_actors(store: Store, rows: list[sqlite3.Row]) -> list[dict]:
    aliases = _alias_map(store, [r["canonical"] or r["text"] for r in rows])
    actors: dict[str, dict] = {}
    for r in rows:
        raw = r["canonical"] or r["text"]
        name = aliases.get(raw, raw)
        actor = actors.setdefault(name, {"name": name, "label": r["label"], "roles": [], "mentions": 0,
                                         "outlets": [], "variants": []})
        actor["mentions"] += 1
        for key, value in (("roles", r["role"]), ("outlets", outlet_label(r["outlet"], r["publisher"])),
                           ("variants", r["text"] if r["text"] != name else None)):
            if value and value not in actor[key]:
                actor[key].append(value)
    return sorted(actors.values(), key=lambda x: (-x["mentions"], x["name"]))


def story_quotes(store: Store, story_id: str) -> list[dict]:
    """Quotes of a story grouped by speaker (aliases applied), across outlets."""
    rows = store.conn.execute(
        "SELECT q.speaker, q.direct, q.anonymous, substr(a.text, q.start + 1, q.\"end\" - q.start) AS quote,"
        " a.id, a.outlet, a.publisher, a.date FROM quotes q JOIN articles a ON a.id = q.article_id"
        " WHERE a.story_id = ? ORDER BY a.date, q.start LIMIT 2000", (story_id,)).fetchall()
    aliases = _alias_map(store, [r["speaker"] for r in rows if r["speaker"]])
    groups: dict[str, dict] = {}
    for r in rows:
        speaker = aliases.get(r["speaker"], r["speaker"]) if r["speaker"] else "unattributed"
        group = groups.setdefault(speaker, {"speaker": speaker, "anonymous": bool(r["anonymous"]),
                                            "outlets": [], "quotes": []})
        outlet = outlet_label(r["outlet"], r["publisher"])
        if outlet not in group["outlets"]:
            group["outlets"].append(outlet)
        group["quotes"].append({"text": r["quote"], "direct": bool(r["direct"]), "outlet": outlet,
                                "article_id": r["id"], "date": r["date"]})
    return sorted(groups.values(), key=lambda g: (-len(g["quotes"]), g["speaker"]))


# --- actors -----------------------------------------------------------------------------------------


def list_actors(store: Store, prefix: str | None = None, limit: int = 100) -> list[dict]:
    """Actors named most often (by articles), optionally those whose name starts with `prefix`."""
    where, params = "", []
    if prefix:
        where = "WHERE coalesce(canonical, text) LIKE ? ESCAPE '\\'"
        params.append(prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%")
    rows = store.conn.execute(
        "SELECT coalesce(canonical, text) AS name, MAX(label) AS label, COUNT(DISTINCT article_id) AS articles,"
        f" group_concat(DISTINCT role) AS roles FROM entities {where} GROUP BY name"
        " ORDER BY articles DESC, name LIMIT ?", (*params, _bound(limit))).fetchall()
    return [{"name": r["name"], "label": r["label"], "articles": r["articles"],
             "roles": sorted(set(r["roles"].split(","))) if r["roles"] else []} for r in rows]


def actor_stories(store: Store, name: str, limit: int = 200) -> dict:
    """The stories an actor (or any alias of it) appears in, oldest first, with roles and mentions."""
    names = name_variants(store, name)
    marks = ",".join("?" * len(names))
    rows = store.conn.execute(
        "SELECT a.story_id, MIN(a.date) AS first_date, MAX(a.date) AS last_date,"
        " COUNT(DISTINCT a.id) AS articles, COUNT(*) AS mentions, group_concat(DISTINCT e.role) AS roles,"
        " group_concat(DISTINCT e.label) AS labels"
        " FROM entities e JOIN articles a ON a.id = e.article_id"
        f" WHERE (e.canonical IN ({marks}) OR e.text IN ({marks})) AND a.story_id IS NOT NULL"
        " GROUP BY a.story_id ORDER BY first_date IS NULL, first_date, a.story_id LIMIT ?",
        (*names, *names, _bound(limit))).fetchall()
    heads = story_heads(store, [r["story_id"] for r in rows])
    stories = [{"id": r["story_id"], "headline": heads.get(r["story_id"], {}).get("headline", ""),
                "outlets": heads.get(r["story_id"], {}).get("outlets", []), "first_date": r["first_date"],
                "last_date": r["last_date"], "articles": r["articles"], "mentions": r["mentions"],
                "roles": sorted(set(r["roles"].split(","))) if r["roles"] else []} for r in rows]
    labels = sorted({x for r in rows if r["labels"] for x in r["labels"].split(",")})
    months = store.conn.execute(
        "SELECT coalesce(month, 'undated') AS month, COUNT(*) AS n FROM (SELECT substr(MIN(a.date), 1, 7) AS month"
        " FROM entities e JOIN articles a ON a.id = e.article_id"
        f" WHERE (e.canonical IN ({marks}) OR e.text IN ({marks})) AND a.story_id IS NOT NULL GROUP BY a.story_id)"
        " GROUP BY month ORDER BY month", (*names, *names)).fetchall()
    return {"name": names[0], "variants": names[1:], "labels": labels, "stories": stories,
            "total_stories": sum(r["n"] for r in months),
            "months": [{"month": r["month"], "stories": r["n"]} for r in months]}


# --- articles and search ----------------------------------------------------------------------------


def find_article(store: Store, prefix: str) -> str | None:
    """An article id from the id or a unique prefix of it."""
    rows = store.conn.execute("SELECT id FROM articles WHERE id >= ? AND id < ? ORDER BY id LIMIT 2",
                              (prefix, prefix + "\uffff")).fetchall()
    exact = [r[0] for r in rows if r[0] == prefix]
    return exact[0] if exact else (rows[0][0] if len(rows) == 1 else None)


def resolve_story(store: Store, prefix: str) -> str | None:
    """A story id from the id or a unique prefix of it."""
    if store.conn.execute("SELECT 1 FROM stories WHERE id = ?", (prefix,)).fetchone():
        return prefix
    return store.find_story(prefix) if prefix else None


def search(store: Store, query: str, limit: int = 50) -> list[dict]:
    """Full-text search with snippets whose matches sit between MARK_OPEN and MARK_CLOSE."""
    sql = ("SELECT a.id, a.title, a.outlet, a.publisher, a.date, a.story_id,"
           f" snippet(articles_fts, 1, '{MARK_OPEN}', '{MARK_CLOSE}', ' … ', 16) AS snippet"
           " FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid"
           " WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?")
    rows = _fts(store, sql, query, (_bound(limit),))
    return [{**dict(r), "outlet": outlet_label(r["outlet"], r["publisher"])} for r in rows]


def audit_log(store: Store, limit: int = 50) -> list[dict]:
    """The latest analyst actions, newest first."""
    rows = store.conn.execute("SELECT id, at, action, payload, undone FROM audit ORDER BY id DESC LIMIT ?",
                              (_bound(limit),)).fetchall()
    return [{"id": r["id"], "at": r["at"], "action": r["action"], "payload": json.loads(r["payload"]),
             "undone": bool(r["undone"])} for r in rows]


def story_exists(store: Store, story_id: str) -> bool:
    """Whether a story of that exact id exists."""
    return store.conn.execute("SELECT 1 FROM stories WHERE id = ?", (story_id,)).fetchone() is not None


def story_summary(store: Store, story_id: str) -> dict[str, Any] | None:
    """Headline, outlets, dates and article count of one story."""
    story = store.story(story_id)
    if story is None:
        return None
    return {"id": story.id, "headline": story.headline, "outlets": story.outlets, "first_date": story.first_date,
            "last_date": story.last_date, "articles": len(story.article_ids), "article_ids": story.article_ids}
