"""Analyst actions on a real store file: each persists, is audited, and undoes exactly."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from web_store import build_store  # noqa: E402

from storyline.store import Store, views  # noqa: E402
from storyline.store.actions import (  # noqa: E402
    ActionError, add_alias, merge_stories, rename_story, split_article, undo)


@pytest.fixture()
def store(tmp_path: Path) -> Store:
    s = Store(build_store(tmp_path / "store.db"))
    yield s
    s.close()


def placements(store: Store) -> dict[str, str]:
    return dict(store.conn.execute("SELECT id, story_id FROM articles").fetchall())


def pins(store: Store) -> dict[str, str]:
    return dict(store.conn.execute("SELECT article_id, story_id FROM pins").fetchall())


def test_merge_moves_pins_audits_and_undoes(store: Store) -> None:
    before = placements(store)
    audit_id = merge_stories(store, "story-election", "story-harbor")
    assert placements(store)["art-old"] == "story-harbor"
    assert pins(store) == {"art-old": "story-harbor"}
    assert not views.story_exists(store, "story-election")
    row = store.conn.execute("SELECT action, at, payload FROM audit WHERE id = ?", (audit_id,)).fetchone()
    assert row["action"] == "merge" and row["at"].startswith("20")
    assert json.loads(row["payload"]) == {"source": "story-election", "target": "story-harbor", "articles": ["art-old"]}
    # clustering re-run with the old assignment cannot move the pinned article back
    store.assign_stories({"art-old": "story-election"})
    assert placements(store)["art-old"] == "story-harbor"
    undo(store, audit_id)
    assert placements(store) == before
    assert pins(store) == {}
    assert views.story_exists(store, "story-election")
    with pytest.raises(ActionError):
        undo(store, audit_id)


def test_merge_refuses_unknown_and_self(store: Store) -> None:
    with pytest.raises(ActionError) as err:
        merge_stories(store, "story-nope", "story-harbor")
    assert err.value.status == 404
    with pytest.raises(ActionError):
        merge_stories(store, "story-harbor", "story-harbor")
    assert store.conn.execute("SELECT COUNT(*) FROM audit").fetchone()[0] == 0


def test_split_creates_pinned_story_and_undo_removes_it(store: Store) -> None:
    audit_id, new_id = split_article(store, "story-harbor", "art-harbor-2")
    assert placements(store)["art-harbor-2"] == new_id
    assert pins(store) == {"art-harbor-2": new_id}
    assert views.story_exists(store, new_id)
    assert store.story("story-harbor").article_ids == ["art-harbor-1"]
    undo(store, audit_id)
    assert placements(store)["art-harbor-2"] == "story-harbor"
    assert not views.story_exists(store, new_id) and pins(store) == {}


def test_split_refuses_last_article_and_strangers(store: Store) -> None:
    with pytest.raises(ActionError):
        split_article(store, "story-election", "art-old")
    with pytest.raises(ActionError):
        split_article(store, "story-harbor", "art-old")


def test_rename_and_undo_restore_title(store: Store) -> None:
    audit_id = rename_story(store, "story-harbor", "  Velmar   harbour row ")
    assert store.story("story-harbor").headline == "Velmar harbour row"
    undo(store, audit_id)
    assert store.story("story-harbor").headline == "Velmar harbour to close for repairs"


def test_alias_follows_canonical_and_undo(store: Store) -> None:
    add_alias(store, "M. Lind", "Mara Lind")
    audit_id = add_alias(store, "Mara Lindt", "M. Lind")  # a variant of a variant points at the canonical
    assert store.aliases() == {"M. Lind": "Mara Lind", "Mara Lindt": "Mara Lind"}
    lind = next(a for a in views.story_actors(store, "story-harbor") if a["name"] == "Mara Lind")
    assert lind["mentions"] == 3 and "Mara Lindt" in lind["variants"]
    assert {s["id"] for s in views.actor_stories(store, "Mara Lindt")["stories"]} == {"story-harbor"}
    undo(store, audit_id)
    assert store.aliases() == {"M. Lind": "Mara Lind"}
    with pytest.raises(ActionError):
        add_alias(store, "Mara Lind", "Mara Lind")


def test_undo_refuses_when_later_action_touched_the_same_rows(store: Store) -> None:
    first = rename_story(store, "story-harbor", "First")
    second = rename_story(store, "story-harbor", "Second")
    with pytest.raises(ActionError) as err:
        undo(store, first)
    assert err.value.status == 409
    assert store.story("story-harbor").headline == "Second"
    undo(store, second)
    undo(store, first)
    assert store.story("story-harbor").headline == "Velmar harbour to close for repairs"


def test_undo_survives_recomputed_verdicts(store: Store) -> None:
    audit_id = rename_story(store, "story-harbor", "Renamed")
    store.set_verdicts("story-harbor", [])
    undo(store, audit_id)
    assert store.story("story-harbor").headline == "Velmar harbour to close for repairs"
    assert store.verdicts("story-harbor") == []


def test_failed_action_leaves_nothing(store: Store) -> None:
    before = placements(store)
    with pytest.raises(ActionError):
        split_article(store, "story-harbor", "art-harbor-1", new_story_id="story-bridge")
    assert placements(store) == before
    assert store.conn.execute("SELECT COUNT(*) FROM audit").fetchone()[0] == 0
