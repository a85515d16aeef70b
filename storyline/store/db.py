"""The SQLite store: connection, migrations, the single writer and the reads the front ends need.

Every write is one transaction, so a killed process leaves either a whole article or none.
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from array import array
from contextlib import contextmanager
from dataclasses import asdict
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, Iterator

from ..model import Article, Claim, Entity, Quote, Removed, Story, TimeExpr
from .migrations import MIGRATIONS

ARTICLE_COLUMNS = "id, source, url, title, date, outlet, publisher, author, timezone, text, removed, copy_of, story_id"


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class StoreError(Exception):
    """The file is not a storyline store or cannot be opened."""


class Store:
    """One SQLite file in WAL mode. Open one per process (or per thread for readers)."""

    def __init__(self, path: str | Path, readonly: bool = False):
        self.path = str(path)
        try:
            if readonly:
                uri = f"file:{Path(self.path).resolve()}?mode=ro"
                self.conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
            else:
                self.conn = sqlite3.connect(self.path, check_same_thread=False)
            self.conn.isolation_level = None  # transactions are explicit: see transaction()
            self.conn.row_factory = sqlite3.Row
            self.conn.execute("PRAGMA busy_timeout = 10000")
            if not readonly:
                self.conn.execute("PRAGMA journal_mode = WAL")
                self.conn.execute("PRAGMA synchronous = NORMAL")
                self.migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: cannot open as a storyline store ({exc})") from exc

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any error: all of a write or nothing."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    # --- schema ----------------------------------------------------------------------------------

    def migrate(self) -> list[str]:
        """Apply the named migrations not yet applied; return their names."""
        self.conn.execute("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
        done = {r[0] for r in self.conn.execute("SELECT name FROM migrations")}
        applied = []
        for name, sql in MIGRATIONS:
            if name in done:
                continue
            with self.transaction():
                for statement in _statements(sql):
                    self.conn.execute(statement)
                self.conn.execute("INSERT INTO migrations VALUES (?, ?)", (name, now()))
            applied.append(name)
        return applied

    # --- writes (the single writer) ----------------------------------------------------------------

    def has_raw(self, raw_hash: str) -> bool:
        return self.conn.execute("SELECT 1 FROM articles WHERE raw_hash = ?", (raw_hash,)).fetchone() is not None

    def has_article(self, article_id: str) -> bool:
        return self.conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is not None

    def add_article(self, article: Article, raw: str, raw_hash: str, signature: list[int] | None,
                    paragraph_keys: Iterable[str]) -> None:
        """Insert an article with its annotations and paragraph keys in one transaction."""
        with self.transaction():
            self.conn.execute(
                "INSERT INTO articles (id, raw_hash, source, url, title, date, outlet, publisher, author, timezone,"
                " text, raw, removed, copy_of, signature, ingested_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (article.id, raw_hash, article.source, article.url, article.title, article.date, article.outlet,
                 article.publisher, article.author, article.timezone, article.text, raw,
                 _removed_json(article.removed), article.copy_of, _pack(signature), now()),
            )
            if article.site:  # boilerplate is learned per publishing site
                self.conn.executemany("INSERT OR IGNORE INTO paragraphs VALUES (?, ?, ?)",
                                      [(article.site, k, article.id) for k in set(paragraph_keys)])
            self._write_annotations(article)

    def update_article(self, article: Article) -> None:
        """Replace an article's cleaned text, removed pieces and annotations (after re-cleaning)."""
        with self.transaction():
            self.conn.execute("UPDATE articles SET text = ?, removed = ?, title = ?, date = ? WHERE id = ?",
                              (article.text, _removed_json(article.removed), article.title, article.date, article.id))
            self.conn.execute("DELETE FROM link_state")  # clustering saw the old text: replay it all
            for table in ("entities", "times", "quotes", "claims"):
                self.conn.execute(f"DELETE FROM {table} WHERE article_id = ?", (article.id,))
            self._write_annotations(article)

    def _write_annotations(self, a: Article) -> None:
        self.conn.executemany("INSERT INTO entities VALUES (?,?,?,?,?,?,?)",
                              [(a.id, e.start, e.end, e.text, e.label, e.canonical, e.role) for e in a.entities])
        self.conn.executemany("INSERT INTO times VALUES (?,?,?,?,?,?)",
                              [(a.id, t.start, t.end, t.text, t.type, t.value) for t in a.times])
        self.conn.executemany("INSERT INTO quotes VALUES (?,?,?,?,?,?,?,?,?,?)",
                              [(a.id, q.start, q.end, int(q.direct), q.speaker, q.speaker_start, q.speaker_end,
                                q.cue_start, q.cue_end, int(q.anonymous)) for q in a.quotes])
        self.conn.executemany("INSERT INTO claims VALUES (?, ?)",
                              [(a.id, json.dumps(asdict(c), ensure_ascii=False)) for c in a.claims])

    def set_canonical_names(self, names: dict[tuple[str, int, int], str]) -> None:
        """Record merged actor names: (article_id, start, end) -> canonical."""
        with self.transaction():
            self.conn.executemany('UPDATE entities SET canonical = ? WHERE article_id = ? AND start = ? AND "end" = ?',
                                  [(c, a, s, e) for (a, s, e), c in names.items()])

    def assign_stories(self, assignment: dict[str, str]) -> set[str]:
        """Set each article's story (analyst pins win); return the ids of stories whose members changed."""
        pins = dict(self.conn.execute("SELECT article_id, story_id FROM pins").fetchall())
        current = dict(self.conn.execute("SELECT id, story_id FROM articles").fetchall())
        changed: set[str] = set()
        updates = []
        for article_id, story_id in assignment.items():
            story_id = pins.get(article_id, story_id)
            if current.get(article_id) != story_id:
                changed.update(s for s in (current.get(article_id), story_id) if s)
                updates.append((story_id, article_id))
        with self.transaction():
            self.conn.executemany("UPDATE articles SET story_id = ? WHERE id = ?", updates)
            self.conn.executemany("INSERT OR IGNORE INTO stories (id, updated_at) VALUES (?, ?)",
                                  [(s, now()) for s in changed])
            self.conn.execute("DELETE FROM stories WHERE id NOT IN (SELECT story_id FROM articles"
                              " WHERE story_id IS NOT NULL)")
        return changed

    def set_verdicts(self, story_id: str, verdicts: list[dict]) -> None:
        with self.transaction():
            self.conn.execute("UPDATE stories SET verdicts = ?, updated_at = ? WHERE id = ?",
                              (json.dumps(verdicts, ensure_ascii=False), now(), story_id))

    # --- reads -------------------------------------------------------------------------------------

    def outlet_key_sets(self, outlet: str, min_articles: int) -> dict[str, list[str]]:
        """Paragraph keys of each article of the outlet that shares a paragraph with `min_articles` - 1 others."""
        rows = self.conn.execute(
            "SELECT article_id, key FROM paragraphs WHERE outlet = ? AND article_id IN ("
            " SELECT article_id FROM paragraphs WHERE outlet = ? AND key IN ("
            "  SELECT key FROM paragraphs WHERE outlet = ? GROUP BY key HAVING COUNT(*) >= ?))",
            (outlet, outlet, outlet, min_articles))
        sets: dict[str, list[str]] = {}
        for article_id, key in rows:
            sets.setdefault(article_id, []).append(key)
        return sets

    def signatures(self) -> Iterator[tuple[str, list[int]]]:
        for r in self.conn.execute("SELECT id, signature FROM articles WHERE signature IS NOT NULL ORDER BY rowid"):
            yield r[0], _unpack(r[1])

    def link_rows(self, after: int = 0) -> Iterator[dict]:
        """Articles in arrival order (those after rowid `after`) with what story clustering reads."""
        for r in self.conn.execute("SELECT rowid, id, title, text, date, outlet AS source, url, copy_of FROM articles"
                                   " WHERE rowid > ? ORDER BY rowid", (after,)):
            yield dict(r)

    def link_state(self, settings: str) -> tuple[int, dict] | None:
        """(rowid of the last article seen, state) of the story clusterer, if saved with these settings."""
        row = self.conn.execute("SELECT upto, settings, state FROM link_state WHERE id = 1").fetchone()
        if row is None or row["settings"] != settings:
            return None
        return row["upto"], json.loads(zlib.decompress(row["state"]))

    def save_link_state(self, upto: int, settings: str, state: dict) -> None:
        blob = zlib.compress(json.dumps(state, separators=(",", ":")).encode(), 1)
        with self.transaction():
            self.conn.execute("INSERT OR REPLACE INTO link_state (id, upto, settings, state) VALUES (1, ?, ?, ?)",
                              (upto, settings, blob))

    def raw_of(self, article_id: str) -> dict | None:
        row = self.conn.execute("SELECT id, raw, source, url, title, date, outlet FROM articles WHERE id = ?",
                                (article_id,)).fetchone()
        return dict(row) if row else None

    def article_count(self) -> int:
        return self.conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]

    def article(self, article_id: str, annotations: bool = True) -> Article | None:
        row = self.conn.execute(f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            return None
        article = _article(row)
        if annotations:
            self._load_annotations([article])
        return article

    def story_articles(self, story_id: str, annotations: bool = True) -> list[Article]:
        rows = self.conn.execute(f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE story_id = ?"
                                 " ORDER BY date IS NULL, date, rowid", (story_id,)).fetchall()
        articles = [_article(r) for r in rows]
        if annotations:
            self._load_annotations(articles)
        return articles

    def stories(self) -> list[Story]:
        """Every story with its headline, outlets (copies not counted) and date range, newest first."""
        rows = self.conn.execute(
            "SELECT a.story_id, a.id, a.title, a.text, a.date, a.outlet, a.publisher, a.copy_of, s.title AS name"
            " FROM articles a JOIN stories s ON s.id = a.story_id ORDER BY a.rowid").fetchall()
        grouped: dict[str, list[sqlite3.Row]] = {}
        for r in rows:
            grouped.setdefault(r["story_id"], []).append(r)
        stories = [_story(sid, members) for sid, members in grouped.items()]
        stories.sort(key=lambda s: (s.last_date or "", s.id), reverse=True)
        return stories

    def story(self, story_id: str) -> Story | None:
        rows = self.conn.execute(
            "SELECT a.story_id, a.id, a.title, a.text, a.date, a.outlet, a.publisher, a.copy_of, s.title AS name"
            " FROM articles a JOIN stories s ON s.id = a.story_id WHERE a.story_id = ? ORDER BY a.rowid",
            (story_id,)).fetchall()
        return _story(story_id, rows) if rows else None

    def find_story(self, prefix: str) -> str | None:
        """A story id from a unique prefix of it (ids are long hashes)."""
        escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        rows = self.conn.execute("SELECT id FROM stories WHERE id LIKE ? ESCAPE '\\' ORDER BY id LIMIT 2",
                                 (escaped + "%",)).fetchall()
        return rows[0][0] if len(rows) == 1 else None

    def verdicts(self, story_id: str) -> list[dict] | None:
        row = self.conn.execute("SELECT verdicts FROM stories WHERE id = ?", (story_id,)).fetchone()
        return json.loads(row[0]) if row and row[0] else None

    def aliases(self) -> dict[str, str]:
        return dict(self.conn.execute("SELECT variant, canonical FROM aliases").fetchall())

    def _load_annotations(self, articles: list[Article]) -> None:
        by_id = {a.id: a for a in articles}
        if not by_id:
            return
        marks = ",".join("?" * len(by_id))
        ids = list(by_id)
        for r in self.conn.execute(f'SELECT * FROM entities WHERE article_id IN ({marks}) ORDER BY start', ids):
            by_id[r["article_id"]].entities.append(Entity(r["start"], r["end"], r["text"], r["label"],
                                                          r["canonical"], r["role"]))
        for r in self.conn.execute(f'SELECT * FROM times WHERE article_id IN ({marks}) ORDER BY start', ids):
            by_id[r["article_id"]].times.append(TimeExpr(r["start"], r["end"], r["text"], r["type"], r["value"]))
        for r in self.conn.execute(f'SELECT * FROM quotes WHERE article_id IN ({marks}) ORDER BY start', ids):
            by_id[r["article_id"]].quotes.append(Quote(r["start"], r["end"], bool(r["direct"]), r["speaker"],
                                                       r["speaker_start"], r["speaker_end"], r["cue_start"],
                                                       r["cue_end"], bool(r["anonymous"])))
        for r in self.conn.execute(f"SELECT * FROM claims WHERE article_id IN ({marks}) ORDER BY rowid", ids):
            by_id[r["article_id"]].claims.append(Claim(**json.loads(r["data"])))


def _statements(sql: str) -> list[str]:
    """Split a migration script into statements, keeping trigger bodies whole."""
    out, buf = [], ""
    for line in sql.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            out.append(buf.strip())
            buf = ""
    if buf.strip():
        out.append(buf.strip())
    return out


def _removed_json(removed: list[Removed]) -> str:
    return json.dumps([asdict(r) for r in removed], ensure_ascii=False)


def _pack(signature: list[int] | None) -> bytes | None:
    return array("Q", signature).tobytes() if signature is not None else None


def _unpack(blob: bytes) -> list[int]:
    values = array("Q")
    values.frombytes(blob)
    return values.tolist()


def _article(r: sqlite3.Row) -> Article:
    return Article(id=r["id"], text=r["text"], source=r["source"], title=r["title"], date=r["date"], url=r["url"],
                   outlet=r["outlet"], publisher=r["publisher"], author=r["author"], timezone=r["timezone"],
                   removed=[Removed(**x) for x in json.loads(r["removed"])], copy_of=r["copy_of"])


def outlet_label(outlet: str | None, publisher: str | None) -> str:
    """'Asharq Al-Awsat (published by Track Persia)' when a publisher reprints another outlet."""
    outlet = outlet or publisher or "unknown outlet"
    return f"{outlet} (published by {publisher})" if publisher and publisher != outlet else outlet


def _story(story_id: str, members: list[sqlite3.Row]) -> Story:
    dates = sorted(r["date"] for r in members if r["date"])
    outlets: list[str] = []
    for r in members:
        label = outlet_label(r["outlet"], r["publisher"])
        if not r["copy_of"] and label not in outlets:
            outlets.append(label)
    first = members[0]
    headline = first["name"] or first["title"] or Article(id="", text=first["text"], source="").headline
    return Story(id=story_id, article_ids=[r["id"] for r in members], headline=headline, outlets=outlets,
                 first_date=dates[0] if dates else None, last_date=dates[-1] if dates else None)
