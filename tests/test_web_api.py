"""The workbench app through a real HTTP client on a real SQLite file: pages, API, exports, actions,
token, escaping of untrusted article text and the security headers."""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

sys.path.insert(0, str(Path(__file__).parent))
from web_store import XSS_IMG, XSS_SCRIPT, build_store  # noqa: E402

from storyline.store import Store  # noqa: E402
from storyline.web.app import create_app  # noqa: E402
from storyline.export import story_csv  # noqa: E402

HTML = {"accept": "text/html"}
TOKEN = "s3cret-token"


@pytest.fixture()
def db(tmp_path: Path) -> str:
    return str(build_store(tmp_path / "store.db"))


@pytest.fixture()
def client(db: str) -> TestClient:
    with TestClient(create_app(db)) as c:
        yield c


@pytest.fixture()
def locked(db: str) -> TestClient:
    with TestClient(create_app(db, token=TOKEN)) as c:
        yield c


def assert_inert(html: str) -> None:
    """No payload survives as markup, and it is shown escaped instead."""
    assert "<script>alert" not in html
    assert "<img" not in html
    assert "onerror=alert(1)>" not in html.replace("onerror=alert(1)&gt;", "")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html or "&lt;img src=x onerror=alert(1)&gt;" in html


# --- pages ----------------------------------------------------------------------------------------


def test_stories_page_lists_newest_first(client: TestClient) -> None:
    r = client.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    html = r.text
    assert html.index("Karsby") < html.index("Velmar harbour to close") < html.index("Berg elected mayor")
    assert "1 conflict" in html
    assert_inert(html)


def test_story_page_shows_outlets_claims_timeline_actors_quotes(client: TestClient) -> None:
    html = client.get("/stories/story-harbor").text
    assert 'class="outlet-name">Coastal Herald<' in html
    assert 'class="outlet-name">Velmar Daily (published by News Wire)<' in html
    assert '<span class="badge conflict">conflict</span>' in html
    assert '<p class="evidence contradict">' in html and "<mark>northern</mark>" in html
    assert '<span class="badge only_one">one outlet only</span>' in html
    for day in ("2026-03-09", "2026-03-10", "2026-03-11", "2026-03-20"):
        assert f'<time datetime="{day}">' in html
    assert '<mark class="time">Monday</mark>' in html
    assert 'href="/actors/Mara%20Lind"' in html and "announcer" in html
    assert "We cannot wait any longer," in html and "Velmar lives from its harbour," in html


def test_story_prefix_resolves(client: TestClient) -> None:
    assert client.get("/api/stories/story-harb").json()["id"] == "story-harbor"
    assert client.get("/api/stories/story-").status_code == 404  # ambiguous


@pytest.mark.parametrize("path", ["/", "/?q=bridge", "/stories/story-bridge", "/articles/art-xss",
                                  "/articles/art-xss?removed=1", "/actors",
                                  "/actors/" + quote(f"Evil {XSS_SCRIPT}"), "/search?q=bridge"])
def test_payload_escaped_on_every_page(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 200, path
    assert_inert(r.text)


def test_article_page_highlights_by_offsets(client: TestClient) -> None:
    html = client.get("/articles/art-harbor-1").text
    assert '<span class="ent ent-PERSON" title="PERSON: Mara Lind (announcer)">Mara Lind</span>' in html
    assert '<span class="time" title="DATE: 2026-03-09">Monday</span>' in html
    assert 'class="quote direct"' in html
    assert html.count('href="/actors/Mara%20Lind"') == 1 and '<span class="variants">as Lind</span> ×2' in html
    assert "<details class=\"removed\" >" in html and "Photo: the harbour at dawn (Herald)" in html
    assert '<details class="removed" open>' in client.get("/articles/art-harbor-1?removed=1").text


def test_article_xss_spans_are_escaped_pieces(client: TestClient) -> None:
    html = client.get("/articles/art-xss").text
    assert 'title="PERSON: Evil &lt;script&gt;alert(1)&lt;/script&gt; (&lt;b&gt;role&lt;/b&gt;)"' in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert 'href="javascript:' not in html


def test_search_marks_matches_and_escapes(client: TestClient) -> None:
    html = client.get("/search", params={"q": "reopened"}).text
    assert "<mark>reopened</mark>" in html
    assert_inert(html)
    assert client.get("/search", params={"q": '"unbalanced AND ('}).status_code == 200


def test_actor_page_lists_stories_over_time(client: TestClient) -> None:
    html = client.get("/actors/Tomas Berg").text
    assert html.index("Berg elected mayor") < html.index("Velmar harbour to close")
    assert '<th>2025-11</th><td><span class="bar w10"></span> 1</td>' in html
    assert client.get("/actors/Nobody Here", headers=HTML).status_code == 404


def test_empty_store_pages(tmp_path: Path) -> None:
    with TestClient(create_app(str(tmp_path / "new.db"))) as c:
        for path in ("/", "/actors", "/search?q=x", "/audit", "/api/stories", "/api/actors", "/api/outlets"):
            assert c.get(path).status_code == 200, path
        assert "No story matches these filters." in c.get("/").text
        assert c.get("/api/stories").json()["total"] == 0


def test_missing_pages_are_404_html(client: TestClient) -> None:
    r = client.get("/articles/" + quote(XSS_SCRIPT, safe=""), headers=HTML)
    assert r.status_code == 404 and "<h1>Error 404</h1>" in r.text
    assert "<script>alert" not in r.text


# --- API ------------------------------------------------------------------------------------------


def test_api_stories_filters(client: TestClient) -> None:
    def ids(**params: str) -> list[str]:
        return [s["id"] for s in client.get("/api/stories", params=params).json()["stories"]]

    assert ids() == ["story-bridge", "story-harbor", "story-election"]
    assert ids(date_from="2026-01-01") == ["story-bridge", "story-harbor"]
    assert ids(date_to="2026-03-10") == ["story-harbor", "story-election"]
    assert ids(date_from="2026", date_to="2026-03") == ["story-harbor"]
    assert ids(date_to="2025") == ["story-election"]
    assert ids(outlet="Nordic Wire") == ["story-bridge"]
    assert ids(outlet="News Wire") == ["story-harbor"]  # the publisher of a reprint
    assert ids(actor="Tomas Berg") == ["story-harbor", "story-election"]
    assert ids(q="bridge") == ["story-bridge"]
    assert ids(q="harbour", actor="Mara Lind") == ["story-harbor"]
    assert ids(q='"(') == []
    data = client.get("/api/stories").json()
    assert data["total"] == 3 and data["stories"][1]["conflict"] == 1
    assert client.get("/api/stories", params={"date_from": "yesterday"}).status_code == 422


def test_api_story_has_everything_the_page_shows(client: TestClient) -> None:
    s = client.get("/api/stories/story-harbor").json()
    assert s["outlets"] == ["Coastal Herald", "Velmar Daily (published by News Wire)"]
    assert [c["outlet"] for c in s["columns"]] == s["outlets"]
    assert [v["verdict"] for v in s["verdicts"]] == ["conflict", "agree", "only_one"]
    events = [(t["date"], t["text"]) for t in s["timeline"] if t["kind"] == "event"]
    assert events == [("2026-03-09", "Monday"), ("2026-03-10", "Tuesday"), ("2026-03-20", "March 20, 2026")]
    assert [t["date"] for t in s["timeline"] if t["kind"] == "published"] == ["2026-03-10", "2026-03-11"]
    assert {q["speaker"] for q in s["quotes"]} == {"Mara Lind", "Tomas Berg"}
    lind = next(a for a in s["actors"] if a["name"] == "Mara Lind")
    assert lind["mentions"] == 2 and set(lind["roles"]) == {"announcer", "speaker"}
    assert client.get("/api/stories/nope").status_code == 404


def test_timeline_keeps_calendar_dates_only(client: TestClient) -> None:
    events = [t for t in client.get("/api/stories/story-bridge").json()["timeline"] if t["kind"] == "event"]
    assert sorted({t["date"] for t in events}) == ["2026-04-03", "2026-04-04"]
    assert "two weeks" not in {t["text"] for t in events}


def test_pages_follow_writes_from_other_connections(client: TestClient, db: str) -> None:
    assert "Velmar harbour to close for repairs" in client.get("/").text
    assert client.get("/api/stories/story-harbor").json()["verdicts"]
    other = Store(db)  # another process's connection: ingest, clustering, comparison
    other.set_verdicts("story-harbor", [])
    other.assign_stories({"art-old": "story-harbor"})
    other.close()
    story = client.get("/api/stories/story-harbor").json()
    assert story["verdicts"] == [] and story["articles"] == 3
    assert "Berg elected mayor" not in client.get("/").text
    assert "No claims compared for this story yet." in client.get("/stories/story-harbor").text


def test_api_article_actor_search_outlets(client: TestClient) -> None:
    a = client.get("/api/articles/art-xss").json()
    assert a["title"] == f"{XSS_SCRIPT} Bridge {XSS_IMG}" and a["story_id"] == "story-bridge"
    assert a["removed"] == [{"text": f"Ad {XSS_SCRIPT}", "reason": "promo"}] and len(a["entities"]) == 3
    assert client.get("/api/articles/art-x").json()["id"] == "art-xss"  # unique prefix
    actor = client.get("/api/actors/Ola Dahl").json()
    assert [s["id"] for s in actor["stories"]] == ["story-bridge"] and actor["stories"][0]["articles"] == 2
    assert actor["months"] == [{"month": "2026-04", "stories": 1}]
    names = [x["name"] for x in client.get("/api/actors").json()]
    assert names[0] in ("Velmar", "Tomas Berg", "Karsby", "Ola Dahl") and "Mara Lind" in names
    assert [x["name"] for x in client.get("/api/actors", params={"q": "Ma"}).json()] == ["Mara Lind", "Mara Lindt"]
    hits = client.get("/api/search", params={"q": "harbour"}).json()
    assert {h["id"] for h in hits} == {"art-harbor-1", "art-harbor-2"}
    assert all("\ue000" in h["snippet"] for h in hits)
    assert {o["outlet"]: o["articles"] for o in client.get("/api/outlets").json()}["Coastal Herald"] == 2


def test_openapi_document_lists_the_api(client: TestClient) -> None:
    doc = client.get("/openapi.json").json()
    for path in ("/api/stories", "/api/stories/{story_id}", "/api/stories/{story_id}/export", "/api/search",
                 "/api/articles/{article_id}", "/api/actors/{name}", "/api/stories/merge",
                 "/api/audit/{audit_id}/undo"):
        assert path in doc["paths"], path
    assert client.get("/docs").status_code == 404  # the interactive docs would load a CDN


def test_bounded_queries(client: TestClient) -> None:
    assert client.get("/api/search", params={"q": "x" * 201}).status_code == 422
    assert client.get("/api/search", params={"q": "harbour", "limit": 1000}).status_code == 422
    assert client.get("/api/stories", params={"page": 0}).status_code == 422
    r = client.post("/api/aliases", content=b"x" * 70_000, headers={"content-type": "application/json"})
    assert r.status_code == 413


# --- exports --------------------------------------------------------------------------------------


def test_export_json_csv_md(client: TestClient) -> None:
    r = client.get("/api/stories/story-harbor/export", params={"format": "json"})
    assert "attachment" in r.headers["content-disposition"]
    assert json.loads(r.text)["verdicts"][0]["verdict"] == "conflict"
    r = client.get("/api/stories/story-harbor/export", params={"format": "csv"})
    assert r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert {row["section"] for row in rows} == {"article", "claim", "event_date", "published_date", "quote"}
    assert any(row["value"] == "conflict:contradict" and row["outlet"] == "Velmar Daily" for row in rows)
    md = client.get("/api/stories/story-harbor/export", params={"format": "md"}).text
    assert md.startswith("# Velmar harbour to close for repairs\n")
    assert "## Where outlets contradict each other" in md and "Velmar Daily contradicts:" in md
    assert "## Timeline" in md and "- 2026-03-20:" in md
    bridge = client.get("/api/stories/story-bridge/export", params={"format": "md"}).text
    assert "<script>" not in bridge and "<img" not in bridge and "&lt;script&gt;" in bridge
    assert client.get("/api/stories/story-harbor/export", params={"format": "pdf"}).status_code == 422


def test_csv_cells_cannot_be_formulas(client: TestClient) -> None:
    story = client.get("/api/stories/story-harbor").json()
    story["columns"][0]["articles"][0]["headline"] = "=HYPERLINK(\"http://evil\")"
    rows = list(csv.reader(io.StringIO(story_csv(story))))
    assert rows[1][3] == "'=HYPERLINK(\"http://evil\")"


# --- actions --------------------------------------------------------------------------------------


def test_api_actions_and_undo(client: TestClient) -> None:
    r = client.post("/api/stories/story-harbor/rename", json={"title": "Harbour dispute"})
    assert r.status_code == 200
    rename_id = r.json()["audit_id"]
    assert client.get("/api/stories/story-harbor").json()["headline"] == "Harbour dispute"
    merged = client.post("/api/stories/merge", json={"source": "story-election", "target": "story-harbor"}).json()
    assert client.get("/api/stories/story-election").status_code == 404
    assert client.get("/api/stories/story-harbor").json()["articles"] == 3
    split = client.post("/api/stories/story-harbor/split", json={"article_id": "art-harbor-2"}).json()
    assert client.get(f"/api/stories/{split['story_id']}").json()["article_ids"] == ["art-harbor-2"]
    alias = client.post("/api/aliases", json={"variant": "Mara Lindt", "canonical": "Mara Lind"}).json()
    assert client.get("/api/aliases").json() == {"Mara Lindt": "Mara Lind"}
    log = client.get("/api/audit").json()
    assert [e["action"] for e in log] == ["alias", "split", "merge", "rename"]
    for entry in (alias, split, merged):
        assert client.post(f"/api/audit/{entry['audit_id']}/undo").status_code == 200
    assert client.post(f"/api/audit/{merged['audit_id']}/undo").status_code == 409
    assert client.post(f"/api/audit/{rename_id}/undo").status_code == 200
    assert [s["id"] for s in client.get("/api/stories").json()["stories"]] == \
        ["story-bridge", "story-harbor", "story-election"]
    assert client.get("/api/stories/story-harbor").json()["headline"] == "Velmar harbour to close for repairs"
    assert client.get("/api/aliases").json() == {}
    assert client.post("/api/audit/999/undo").status_code == 404
    assert client.post("/api/stories/merge", json={"source": "story-harbor", "target": "nope"}).status_code == 404
    assert client.post("/api/stories/story-harbor/split", json={"article_id": "art-old"}).status_code == 404


def test_forms_redirect_and_audit_page(client: TestClient) -> None:
    r = client.post("/forms/rename", data={"story_id": "story-bridge", "title": f"Bridge {XSS_SCRIPT}"},
                    follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/stories/story-bridge"
    r = client.post("/forms/alias", data={"variant": "Mara Lindt", "canonical": "Mara Lind"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/actors/Mara%20Lind"
    assert "also named: Mara Lindt" in client.get("/actors/Mara Lind").text
    audit = client.get("/audit").text
    assert "rename" in audit and "alias" in audit and 'action="/forms/undo"' in audit
    assert_inert(audit)
    r = client.post("/forms/undo", data={"audit_id": "1"}, follow_redirects=False)
    assert r.status_code == 303
    assert client.get("/api/stories/story-bridge").json()["headline"].startswith(XSS_SCRIPT)
    r = client.post("/forms/merge", data={"source": "story-bridge", "target": "nope"}, headers=HTML)
    assert r.status_code == 404 and "<h1>Error 404</h1>" in r.text


def test_split_and_merge_forms(client: TestClient) -> None:
    r = client.post("/forms/split", data={"story_id": "story-harbor", "article_id": "art-harbor-2"},
                    follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/stories/split-")
    new_id = r.headers["location"].rsplit("/", 1)[1]
    assert "Mayor: Velmar harbour stays open" in client.get(r.headers["location"]).text
    r = client.post("/forms/merge", data={"source": new_id, "target": "story-harb"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/stories/story-harbor"
    assert client.get("/api/stories/story-harbor").json()["articles"] == 2
    assert [e["action"] for e in client.get("/api/audit").json()] == ["merge", "split"]


def test_token_guards_writes(locked: TestClient) -> None:
    body = {"title": "Locked"}
    assert locked.post("/api/stories/story-harbor/rename", json=body).status_code == 401
    r = locked.post("/api/stories/story-harbor/rename", json=body, headers={"Authorization": "Bearer wrong"})
    assert r.status_code == 403
    assert locked.post("/forms/rename", data={"story_id": "story-harbor", "title": "x"}).status_code == 401
    wrong = {"story_id": "story-harbor", "title": "x", "token": "no"}
    assert locked.post("/forms/rename", data=wrong).status_code == 403
    assert locked.get("/api/audit").json() == []
    r = locked.post("/api/stories/story-harbor/rename", json=body, headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 200
    r = locked.post("/forms/rename", data={"story_id": "story-harbor", "title": "Form", "token": TOKEN},
                    follow_redirects=False)
    assert r.status_code == 303
    assert locked.get("/api/stories/story-harbor").json()["headline"] == "Form"
    assert 'name="token"' in locked.get("/stories/story-harbor").text  # the forms ask for it
    assert locked.get("/").status_code == 200  # reads stay open


def test_cross_site_posts_refused(client: TestClient) -> None:
    r = client.post("/forms/rename", data={"story_id": "story-harbor", "title": "x"},
                    headers={"Origin": "http://evil.example"})
    assert r.status_code == 403
    r = client.post("/api/stories/story-harbor/rename", json={"title": "x"}, headers={"Sec-Fetch-Site": "cross-site"})
    assert r.status_code == 403
    assert client.get("/api/stories/story-harbor").json()["headline"] != "x"
    same = client.post("/api/stories/story-harbor/rename", json={"title": "y"},
                       headers={"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"})
    assert same.status_code == 200


# --- headers --------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/stories/story-harbor", "/api/stories", "/static/style.css", "/nope",
                                  "/openapi.json"])
def test_security_headers(client: TestClient, path: str) -> None:
    r = client.get(path)
    csp = r.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert r.headers["x-content-type-options"] == "nosniff"


def test_pages_have_no_inline_script_or_style(client: TestClient) -> None:
    for path in ("/", "/stories/story-harbor", "/articles/art-harbor-1", "/search?q=harbour", "/audit"):
        html = client.get(path).text
        assert "<script>" not in html and " style=" not in html and "<style" not in html
        assert not re.search(r'(src|href)="(https?:)?//', html)  # every asset is served by us
