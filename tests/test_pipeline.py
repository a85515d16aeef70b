"""End to end through the real CLI on a real SQLite file: the seeds, the example corpus, re-ingest, kill -9."""

import csv
import io
import json
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from storyline.cli import main

from shared_paths import EXAMPLES, ROOT, SEEDS  # noqa: E402
needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seed articles not found at {SEEDS}")


def run(*args: str, code: int = 0) -> str:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == code, result.output
    return result.output


def dump(db: Path) -> list:
    """Everything stored that an ingest could change, in a comparable form."""
    conn = sqlite3.connect(db)
    tables = ["articles", "entities", "times", "quotes", "claims", "paragraphs"]
    rows = {t: sorted(map(repr, conn.execute(f"SELECT * FROM {t}"))) for t in tables}
    rows["stories"] = sorted(map(repr, conn.execute("SELECT id, title, verdicts FROM stories")))
    return rows


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("seeds") / "seeds.db"
    run("ingest", str(SEEDS), "--db", str(db), "--quiet")
    return db


@needs_seeds
def test_seeds_make_one_story_with_both_outlets(seeds_db):
    stories = json.loads(run("stories", "--db", str(seeds_db), "--json"))
    assert len(stories) == 1
    story = stories[0]
    assert story["articles"] == 2
    assert sorted(story["outlets"]) == ["Arutz Sheva", "Asharq Al-Awsat (published by Track Persia)"]
    assert (story["first_date"], story["last_date"]) == ("2021-11-12", "2021-11-16")


@needs_seeds
def test_seed_texts_are_clean_and_removed_pieces_are_listed(seeds_db):
    stories = json.loads(run("stories", "--db", str(seeds_db), "--json"))
    full = json.loads(run("show", stories[0]["id"], "--db", str(seeds_db), "--full", "--json"))
    by_outlet = {a["outlet"]: a for a in full["articles"]}
    assert set(by_outlet) == {"Asharq Al-Awsat", "Arutz Sheva"}
    assert by_outlet["Asharq Al-Awsat"]["publisher"] == "Track Persia"
    assert {a["date"] for a in full["articles"]} == {"2021-11-12", "2021-11-16"}
    text = "\n".join(a["text"] for a in full["articles"])
    removed = "\n".join(r["text"] for a in full["articles"] for r in a["removed"])
    for boilerplate in ("About Track Persia", "North American desk", "Jerusalem Post conference"):
        assert boilerplate not in text
        assert boilerplate in removed
    assert "Robert Malley" in text and "serious mistake" in text
    shown = run("show", stories[0]["id"][:8], "--db", str(seeds_db), "--full")
    assert "removed (" in shown and "About Track Persia" in shown


@needs_seeds
def test_ingesting_the_same_folder_twice_changes_nothing(seeds_db):
    before = dump(seeds_db)
    out = json.loads(run("ingest", str(SEEDS), "--db", str(seeds_db), "--json"))
    assert (out["added"], out["unchanged"], out["rejected"]) == (0, 2, [])
    assert dump(seeds_db) == before


@needs_seeds
def test_exports(seeds_db, tmp_path):
    bundle = json.loads(run("export", "--db", str(seeds_db), "--format", "json"))
    assert len(bundle) == 1 and bundle[0]["articles"] == 2 and len(bundle[0]["columns"]) == 2
    rows = list(csv.DictReader(io.StringIO(run("export", "--db", str(seeds_db), "--format", "csv"))))
    assert sum(r["section"] == "article" for r in rows) == 2 and {r["story_id"] for r in rows} == {bundle[0]["id"]}
    md = tmp_path / "brief.md"
    run("export", "--db", str(seeds_db), "--format", "md", "-o", str(md))
    assert md.read_text(encoding="utf-8").startswith("# ")


def expected_groups() -> list[set[str]]:
    groups = json.loads((ROOT / "tests" / "fixtures" / "expected_examples.json").read_text(encoding="utf-8"))
    return [set(g) for g in groups]


def source_name(source: str) -> str:
    """'…/examples/x/file.txt' or '…/feed.jsonl#3' -> the name used in expected_examples.json."""
    return str(Path(source).relative_to(EXAMPLES)) if source.startswith(str(EXAMPLES)) else Path(source).name


def test_example_corpus_is_grouped_as_intended(tmp_path):
    db = tmp_path / "examples.db"
    run("ingest", str(EXAMPLES), "--db", str(db), "--quiet")
    stories = json.loads(run("stories", "--db", str(db), "--json"))
    got = []
    for story in stories:
        shown = json.loads(run("show", story["id"], "--db", str(db), "--json"))
        got.append({source_name(a["source"]) for a in shown["articles"]})
    expected = expected_groups()
    names = set().union(*expected)
    got = [g & names for g in got if g & names]
    assert sorted(map(sorted, got)) == sorted(map(sorted, expected))


def test_ingesting_file_by_file_continues_the_saved_clustering_and_matches_one_batch(tmp_path):
    files = sorted(p for p in EXAMPLES.iterdir() if p.name != "README.md")
    one, many = tmp_path / "one.db", tmp_path / "many.db"
    run("ingest", str(EXAMPLES), "--db", str(one), "--quiet", "--no-analyze")
    for path in files:
        run("ingest", str(path), "--db", str(many), "--quiet", "--no-analyze")
        with sqlite3.connect(many) as conn:  # the clusterer's state is saved up to the newest article
            upto = conn.execute("SELECT upto FROM link_state").fetchone()
            assert upto == conn.execute("SELECT MAX(rowid) FROM articles").fetchone()

    def groups(db: Path) -> list:  # article ids depend on when footers were learned: compare sources
        with sqlite3.connect(db) as conn:
            rows = conn.execute("SELECT story_id, source, title FROM articles").fetchall()
        stories: dict[str, list] = {}
        for story, source, title in rows:
            stories.setdefault(story, []).append((source_name(source), title))
        return sorted(sorted(g) for g in stories.values())

    assert groups(many) == groups(one) and len(groups(one)) >= 5


def test_bad_inputs_are_reported_and_the_batch_goes_on(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (folder / "good.txt").write_text(article_text(1), encoding="utf-8")
    db = tmp_path / "s.db"
    result = CliRunner().invoke(main, ["ingest", str(folder), "--db", str(db), "--quiet"])
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("rejected:")]
    assert len(errors) == 2 and any("empty.txt" in e for e in errors) and any("binary.txt" in e for e in errors)
    assert json.loads(run("stories", "--db", str(db), "--json"))[0]["articles"] == 1


def test_ingest_into_a_pipe_prints_whole_lines_only(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "empty.txt").write_text("", encoding="utf-8")
    for i in (1, 2):
        (folder / f"good{i}.txt").write_text(article_text(i), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "storyline.cli", "ingest", str(folder), "--db", str(tmp_path / "s.db"),
                           "--no-analyze"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1
    assert "\r" not in proc.stderr  # no progress bar debris in a log
    assert [line.split(":")[0] for line in proc.stderr.splitlines()] == ["rejected"]
    assert proc.stdout.startswith("2 added")


def test_missing_store_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(main, ["stories", "--db", str(tmp_path / "none.db")])
    assert result.exit_code != 0 and "none.db" in result.output


PLACES = ["Varnel", "Ostrick", "Pellamar", "Quinton Bay", "Harrowgate", "Selmarsh", "Tobrin", "Wexley"]
NAMES = ["Ana Corvel", "Ilya Brandt", "Mara Lenz", "Tomas Ferro", "Eda Kovac", "Rui Santoro", "Lio Marten"]


def article_text(i: int) -> str:
    place, person = PLACES[i % len(PLACES)], NAMES[i % len(NAMES)]
    return (f"date 2024-{1 + i % 12:02d}-{1 + i % 27:02d}\ntitle Council vote number {i} in {place}\n\n"
            f"The council of {place} voted {i} to {i + 3} on Tuesday to approve plan {i} for the river district.\n\n"
            f"Mayor {person} said the plan {i} would bring {i * 10 + 5} new homes to {place} within two years.\n\n"
            f"Opponents in {place} said they would appeal decision {i} before the regional court.\n")


def test_kill_during_ingest_loses_nothing_reported_and_rerun_completes(tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    total = 40
    for i in range(total):
        (folder / f"{i:03d}.txt").write_text(article_text(i), encoding="utf-8")
    db = tmp_path / "k.db"
    cmd = [sys.executable, "-m", "storyline.cli", "ingest", str(folder), "--db", str(db), "-v", "--quiet"]
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True)
    reported = []
    deadline = time.monotonic() + 120
    while len(reported) < 5 and time.monotonic() < deadline:
        line = proc.stderr.readline()
        if not line:
            break
        if line.startswith("stored "):
            reported.append(line.split()[1])
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert len(reported) == 5, "ingest did not report stored articles"
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stored = {r[0] for r in conn.execute("SELECT id FROM articles")}
    assert set(reported) <= stored
    assert stored != set() and len(stored) < total, "the kill came too late to test anything"
    # no half-written article: every stored article has its annotations and FTS row
    assert conn.execute("SELECT COUNT(*) FROM articles_fts").fetchone()[0] == len(stored)
    with_entities = {r[0] for r in conn.execute("SELECT DISTINCT article_id FROM entities")}
    assert with_entities == stored
    conn.close()
    rerun = subprocess.run(cmd[:-2] + ["--json"], capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    summary = json.loads(rerun.stdout)
    assert summary["added"] == total - len(stored) and summary["unchanged"] == len(stored)
    assert sqlite3.connect(db).execute("SELECT COUNT(*) FROM articles").fetchone()[0] == total


@needs_seeds
def test_split_and_its_undo_compare_the_seed_story_again(seeds_db, tmp_path):
    from fastapi.testclient import TestClient

    from storyline.web.app import create_app

    db = tmp_path / "copy.db"
    with sqlite3.connect(seeds_db) as src, sqlite3.connect(db) as dst:  # WAL mode: copy through SQLite
        src.backup(dst)
    story_id = json.loads(run("stories", "--db", str(db), "--json"))[0]["id"]
    with TestClient(create_app(str(db))) as client:
        def kinds(sid: str) -> set[str]:
            return {v["verdict"] for v in client.get(f"/api/stories/{sid}").json()["verdicts"]}

        assert "conflict" in kinds(story_id)
        article = client.get(f"/api/stories/{story_id}").json()["article_ids"][0]
        split = client.post(f"/api/stories/{story_id}/split", json={"article_id": article}).json()
        assert "conflict" not in kinds(story_id)  # one outlet left: nothing to contradict
        assert client.post(f"/api/audit/{split['audit_id']}/undo").status_code == 200
        assert "conflict" in kinds(story_id)  # both outlets again, compared again
