"""Analyst actions on stories and names: merge, split, rename, alias, and undo.

Each action runs in one transaction and writes an audit row holding the state of every row it
touched before and after. Undo restores the "before" state, and refuses when a later action has
changed those rows since (undo the later one first), so an undo never clobbers newer work.
Placements are written to `pins`, which story clustering respects on its next run.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from typing import Any

from .db import Store, now
from .views import story_exists

MAX_NAME = 300


class ActionError(Exception):
    """The action cannot be done as asked (unknown story, nothing to undo, ...): a 4xx for the web."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


# --- state snapshots ------------------------------------------------------------------------------


def _snapshot(conn: sqlite3.Connection, articles: list[str] = (), stories: list[str] = (),
              aliases: list[str] = ()) -> dict[str, dict[str, Any]]:
    """The current values of the rows an action touches: article placements, pins, stories, aliases."""
    snap: dict[str, dict[str, Any]] = {"articles": {}, "pins": {}, "stories": {}, "aliases": {}}
    for aid in articles:
        row = conn.execute("SELECT story_id FROM articles WHERE id = ?", (aid,)).fetchone()
        snap["articles"][aid] = row[0] if row else None
        pin = conn.execute("SELECT story_id FROM pins WHERE article_id = ?", (aid,)).fetchone()
        snap["pins"][aid] = pin[0] if pin else None
    for sid in stories:
        row = conn.execute("SELECT title, verdicts, updated_at FROM stories WHERE id = ?", (sid,)).fetchone()
        snap["stories"][sid] = {"title": row[0], "verdicts": row[1], "updated_at": row[2]} if row else None
    for variant in aliases:
        row = conn.execute("SELECT canonical FROM aliases WHERE variant = ?", (variant,)).fetchone()
        snap["aliases"][variant] = row[0] if row else None
    return snap


def _keys(snap: dict) -> dict[str, list[str]]:
    return {"articles": list(snap["articles"]), "stories": list(snap["stories"]), "aliases": list(snap["aliases"])}


def _comparable(snap: dict) -> dict:
    """What must be unchanged for an undo to be safe (recomputed verdicts do not count)."""
    stories = {sid: (row["title"] if row else None, row is not None) for sid, row in snap["stories"].items()}
    return {"articles": snap["articles"], "pins": snap["pins"], "stories": stories, "aliases": snap["aliases"]}


def _restore(conn: sqlite3.Connection, snap: dict) -> None:
    """Put the rows of a snapshot back as they were."""
    for sid, row in snap["stories"].items():
        if row is None:
            continue
        exists = conn.execute("SELECT 1 FROM stories WHERE id = ?", (sid,)).fetchone()
        if exists:
            conn.execute("UPDATE stories SET title = ?, updated_at = ? WHERE id = ?", (row["title"], now(), sid))
        else:
            conn.execute("INSERT INTO stories (id, title, verdicts, updated_at) VALUES (?, ?, ?, ?)",
                         (sid, row["title"], row["verdicts"], now()))
    for aid, sid in snap["articles"].items():
        conn.execute("UPDATE articles SET story_id = ? WHERE id = ?", (sid, aid))
    for aid, sid in snap["pins"].items():
        if sid is None:
            conn.execute("DELETE FROM pins WHERE article_id = ?", (aid,))
        else:
            conn.execute("INSERT OR REPLACE INTO pins (article_id, story_id) VALUES (?, ?)", (aid, sid))
    for sid, row in snap["stories"].items():
        if row is None:
            conn.execute("DELETE FROM stories WHERE id = ?", (sid,))
    for variant, canonical in snap["aliases"].items():
        if canonical is None:
            conn.execute("DELETE FROM aliases WHERE variant = ?", (variant,))
        else:
            conn.execute("INSERT OR REPLACE INTO aliases (variant, canonical) VALUES (?, ?)", (variant, canonical))


def _record(conn: sqlite3.Connection, action: str, payload: dict, before: dict) -> int:
    after = _snapshot(conn, **_keys(before))
    cur = conn.execute("INSERT INTO audit (at, action, payload, undo) VALUES (?, ?, ?, ?)",
                       (now(), action, json.dumps(payload, ensure_ascii=False),
                        json.dumps({"before": before, "after": after}, ensure_ascii=False)))
    return int(cur.lastrowid)


def _story_articles(conn: sqlite3.Connection, story_id: str) -> list[str]:
    return [r[0] for r in conn.execute("SELECT id FROM articles WHERE story_id = ? ORDER BY rowid", (story_id,))]


def _require_story(conn: sqlite3.Connection, story_id: str) -> list[str]:
    members = _story_articles(conn, story_id)
    if not members:
        raise ActionError(f"no story {story_id!r}", 404)
    return members


def _clean_name(value: str, what: str) -> str:
    value = " ".join((value or "").split())
    if not value:
        raise ActionError(f"{what} is empty")
    if len(value) > MAX_NAME:
        raise ActionError(f"{what} is longer than {MAX_NAME} characters")
    return value


# --- actions --------------------------------------------------------------------------------------


def merge_stories(store: Store, source: str, target: str) -> int:
    """Move every article of `source` into `target` (pinned there); returns the audit id."""
    if source == target:
        raise ActionError("cannot merge a story into itself")
    with store.transaction() as conn:
        members = _require_story(conn, source)
        _require_story(conn, target)
        before = _snapshot(conn, articles=members, stories=[source, target])
        conn.execute("UPDATE articles SET story_id = ? WHERE story_id = ?", (target, source))
        conn.executemany("INSERT OR REPLACE INTO pins (article_id, story_id) VALUES (?, ?)",
                         [(aid, target) for aid in members])
        conn.execute("DELETE FROM stories WHERE id = ?", (source,))
        conn.execute("UPDATE stories SET updated_at = ? WHERE id = ?", (now(), target))
        return _record(conn, "merge", {"source": source, "target": target, "articles": members}, before)


def split_article(store: Store, story_id: str, article_id: str, new_story_id: str | None = None) -> tuple[int, str]:
    """Take an article out of its story into a new story of its own (pinned); returns (audit id, new id)."""
    new_story_id = new_story_id or "split-" + uuid.uuid4().hex[:20]
    with store.transaction() as conn:
        members = _require_story(conn, story_id)
        if article_id not in members:
            raise ActionError(f"article {article_id!r} is not in story {story_id!r}", 404)
        if len(members) == 1:
            raise ActionError("the story has only this article; nothing to split")
        if conn.execute("SELECT 1 FROM stories WHERE id = ?", (new_story_id,)).fetchone():
            raise ActionError(f"story {new_story_id!r} already exists", 409)
        before = _snapshot(conn, articles=[article_id], stories=[story_id, new_story_id])
        conn.execute("INSERT INTO stories (id, updated_at) VALUES (?, ?)", (new_story_id, now()))
        conn.execute("UPDATE articles SET story_id = ? WHERE id = ?", (new_story_id, article_id))
        conn.execute("INSERT OR REPLACE INTO pins (article_id, story_id) VALUES (?, ?)", (article_id, new_story_id))
        conn.execute("UPDATE stories SET updated_at = ? WHERE id = ?", (now(), story_id))
        audit_id = _record(conn, "split", {"story": story_id, "article": article_id, "new_story": new_story_id},
                           before)
    return audit_id, new_story_id


def rename_story(store: Store, story_id: str, title: str | None) -> int:
    """Give a story the analyst's title (empty or None clears it back to the headline)."""
    title = _clean_name(title, "title") if title and title.strip() else None
    with store.transaction() as conn:
        _require_story(conn, story_id)
        before = _snapshot(conn, stories=[story_id])
        conn.execute("UPDATE stories SET title = ?, updated_at = ? WHERE id = ?", (title, now(), story_id))
        return _record(conn, "rename", {"story": story_id, "title": title}, before)


def add_alias(store: Store, variant: str, canonical: str) -> int:
    """Record that `variant` names the actor `canonical` (following an existing alias of `canonical`)."""
    variant, canonical = _clean_name(variant, "variant"), _clean_name(canonical, "canonical name")
    with store.transaction() as conn:
        row = conn.execute("SELECT canonical FROM aliases WHERE variant = ?", (canonical,)).fetchone()
        canonical = row[0] if row else canonical
        if variant == canonical:
            raise ActionError("a name cannot be an alias of itself")
        before = _snapshot(conn, aliases=[variant])
        conn.execute("INSERT OR REPLACE INTO aliases (variant, canonical) VALUES (?, ?)", (variant, canonical))
        return _record(conn, "alias", {"variant": variant, "canonical": canonical}, before)


def moved_stories(store: Store, audit_id: int) -> list[str]:
    """The existing stories whose articles an audit entry (a merge or split) moved, for recomparison."""
    row = store.conn.execute("SELECT action, undo FROM audit WHERE id = ?", (audit_id,)).fetchone()
    if row is None or row["action"] not in ("merge", "split"):
        return []
    state = json.loads(row["undo"])
    ids = sorted({sid for snap in (state["before"], state["after"]) for sid in snap["articles"].values() if sid})
    return [sid for sid in ids if story_exists(store, sid)]


def undo(store: Store, audit_id: int) -> int:
    """Undo an audit entry: restore what its action changed; returns the audit id of the undo."""
    with store.transaction() as conn:
        row = conn.execute("SELECT action, undo, undone FROM audit WHERE id = ?", (audit_id,)).fetchone()
        if row is None:
            raise ActionError(f"no audit entry {audit_id}", 404)
        if row["undone"]:
            raise ActionError(f"audit entry {audit_id} is already undone", 409)
        if row["action"] == "undo":
            raise ActionError("an undo cannot itself be undone; repeat the action instead", 409)
        state = json.loads(row["undo"])
        current = _snapshot(conn, **_keys(state["after"]))
        if _comparable(current) != _comparable(state["after"]):
            raise ActionError(f"later changes touch what entry {audit_id} changed; undo them first", 409)
        _restore(conn, state["before"])
        conn.execute("UPDATE audit SET undone = 1 WHERE id = ?", (audit_id,))
        cur = conn.execute("INSERT INTO audit (at, action, payload, undo) VALUES (?, 'undo', ?, '{}')",
                           (now(), json.dumps({"audit_id": audit_id, "action": row["action"]})))
        return int(cur.lastrowid)
