"""The store on a real SQLite file: migrations, one transaction per write, FTS5, story assignment."""

import sqlite3

import pytest

from storyline.model import Article, Entity, Quote, Removed, TimeExpr
from storyline.store import Store, StoreError, outlet_label, views


def article(i: int, text: str, outlet: str = "Harbor Daily", date: str = "2024-03-04") -> Article:
    return Article(id=f"a{i}", text=text, source=f"f{i}.txt", title=f"Title {i}", date=date, outlet=outlet,
                   removed=[Removed("Photo: harbor at dawn (Harbor Daily)", "caption")],
                   entities=[Entity(0, 5, text[:5], "PERSON")], times=[TimeExpr(0, 3, "now", "DATE", "PRESENT_REF")],
                   quotes=[Quote(0, 4, True, speaker="Someone")])


def test_migrations_are_named_and_applied_once(tmp_path):
    path = tmp_path / "s.db"
    store = Store(path)
    names = [r[0] for r in store.conn.execute("SELECT name FROM migrations ORDER BY name")]
    assert names == ["001_articles", "002_annotations", "003_stories", "004_web_indexes", "005_link_state"]
    store.close()
    assert Store(path).migrate() == []
    assert store_mode(path) == "wal"


def store_mode(path) -> str:
    return sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0]


def test_article_round_trip_with_annotations_and_fts(tmp_path):
    store = Store(tmp_path / "s.db")
    store.add_article(article(1, "Mayor Lina Ostrova opened the new ferry terminal."), "raw", "h1", [1, 2, 3], ["k1"])
    got = store.article("a1")
    assert got.text.startswith("Mayor Lina")
    assert got.removed == [Removed("Photo: harbor at dawn (Harbor Daily)", "caption")]
    assert got.entities[0].label == "PERSON" and got.times[0].value == "PRESENT_REF" and got.quotes[0].direct
    assert store.has_raw("h1") and not store.has_raw("h2")
    assert [r["id"] for r in views.search(store, "ferry")] == ["a1"]
    assert f"{views.MARK_OPEN}ferry{views.MARK_CLOSE}" in views.search(store, "ferry")[0]["snippet"]
    assert views.search(store, 'unbalanced "quote') == []  # FTS syntax errors are quoted, not raised
    assert list(store.signatures()) == [("a1", [1, 2, 3])]


def test_failed_write_leaves_nothing(tmp_path):
    store = Store(tmp_path / "s.db")
    store.add_article(article(1, "First text."), "raw", "h1", None, [])
    with pytest.raises(sqlite3.IntegrityError):  # same id again: the whole write is rolled back
        store.add_article(article(1, "First text."), "raw", "h2", None, ["k"])
    assert store.article_count() == 1
    assert store.conn.execute("SELECT COUNT(*) FROM entities").fetchone()[0] == 1
    assert store.conn.execute("SELECT COUNT(*) FROM paragraphs").fetchone()[0] == 0


def test_repeated_paragraph_keys_per_outlet(tmp_path):
    store = Store(tmp_path / "s.db")
    for i in range(3):
        store.add_article(article(i, f"Text {i}."), "raw", f"h{i}", None, ["footer", f"own{i}"])
    sets = store.outlet_key_sets("Harbor Daily", 3)
    assert {a: sorted(k) for a, k in sets.items()} == {
        "a0": ["footer", "own0"], "a1": ["footer", "own1"], "a2": ["footer", "own2"]}
    assert store.outlet_key_sets("Harbor Daily", 4) == {}
    assert store.outlet_key_sets("Other Outlet", 1) == {}


def test_stories_respect_pins_and_report_changes(tmp_path):
    store = Store(tmp_path / "s.db")
    store.add_article(article(1, "One.", date="2024-03-01"), "r", "h1", None, [])
    store.add_article(article(2, "Two.", outlet="Valley Post", date="2024-03-03"), "r", "h2", None, [])
    changed = store.assign_stories({"a1": "a1", "a2": "a1"})
    assert changed == {"a1"}
    story = store.story("a1")
    assert story.article_ids == ["a1", "a2"] and story.outlets == ["Harbor Daily", "Valley Post"]
    assert (story.first_date, story.last_date) == ("2024-03-01", "2024-03-03")
    with store.transaction() as conn:
        conn.execute("INSERT INTO pins VALUES ('a2', 'a2')")
    assert store.assign_stories({"a1": "a1", "a2": "a1"}) == {"a1", "a2"}
    assert [s.id for s in store.stories()] == ["a2", "a1"]
    assert store.find_story("a") is None and store.find_story("a2") == "a2"


def test_outlet_label_names_the_publisher_of_a_reprint():
    assert outlet_label("Wire Service", "Coast Review") == "Wire Service (published by Coast Review)"
    assert outlet_label("Coast Review", "Coast Review") == "Coast Review"
    assert outlet_label(None, None) == "unknown outlet"


def test_not_a_database_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="bad.db"):
        Store(bad)


def test_link_state_is_kept_per_settings_and_dropped_when_a_stored_text_changes(tmp_path):
    store = Store(tmp_path / "s.db")
    store.add_article(article(1, "Mayor Lina Ostrova opened the new ferry terminal."), "raw", "h1", [1], ["k1"])
    store.save_link_state(1, "settings-A", {"n_docs": 1, "df": {"w:ferry": 1}})
    assert store.link_state("settings-A") == (1, {"n_docs": 1, "df": {"w:ferry": 1}})
    assert store.link_state("settings-B") is None  # learned with other settings: replay instead
    assert [r["rowid"] for r in store.link_rows(after=0)] == [1] and list(store.link_rows(after=1)) == []
    changed = article(1, "Mayor Lina Ostrova opened the ferry terminal.")
    store.update_article(changed)  # clustering saw the old text
    assert store.link_state("settings-A") is None
