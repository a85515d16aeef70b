"""Readers: every source kind on fixtures we wrote, feeds and pages from a local HTTP server, and bad input."""

from __future__ import annotations

import gzip
import io
import shutil
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from storyline.errors import Rejected
from storyline.ingest import iter_documents, normalise_date

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
from shared_paths import SEEDS  # noqa: E402


def read_all(inputs, stdin=None, **options):
    """(documents, rejections) of one iter_documents run."""
    rejected: list[Rejected] = []
    docs = list(iter_documents([str(i) for i in inputs], rejected.append, stdin=stdin, **options))
    return docs, rejected


def by_source(rejected: list[Rejected]) -> dict[str, str]:
    return {r.source: r.reason for r in rejected}


# --- a local web server ---------------------------------------------------------------------------


class Site:
    """Routes served by a real HTTP server on 127.0.0.1: path -> (status, content type, body, headers)."""

    def __init__(self) -> None:
        self.routes: dict[str, tuple[int, str, bytes, dict[str, str]]] = {}
        self.hits: list[str] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                site.hits.append(self.path)
                status, ctype, body, headers = site.routes.get(self.path, (404, "text/plain", b"not found", {}))
                if self.path == "/slow":
                    time.sleep(2)
                self.send_response(status)
                if ctype:
                    self.send_header("Content-Type", ctype)
                for key, value in headers.items():
                    self.send_header(key, value)
                if "Content-Length" not in headers and self.path not in ("/endless", "/trickle"):
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    if self.path == "/endless":  # no Content-Length: the reader must stop by itself
                        for _ in range(400):
                            self.wfile.write(body)
                    elif self.path == "/trickle":  # a byte at a time, each within the socket timeout
                        for byte in body:
                            self.wfile.write(bytes([byte]))
                            self.wfile.flush()
                            time.sleep(0.2)
                    else:
                        self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def add(self, path: str, body: bytes | str, ctype: str = "text/html; charset=utf-8", status: int = 200, **headers: str) -> str:
        data = body.replace("__BASE__", self.base).encode("utf-8") if isinstance(body, str) else body
        self.routes[path] = (status, ctype, data, headers)
        return self.base + path

    def add_fixture(self, path: str, name: str, ctype: str) -> str:
        return self.add(path, (FIXTURES / name).read_text(encoding="utf-8"), ctype)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture()
def site():
    s = Site()
    s.add_fixture("/pages/bridge_closure.html", "bridge_closure.html", "text/html; charset=utf-8")
    s.add_fixture("/pages/ferry_terminal.html", "ferry_terminal.html", "text/html")
    s.add_fixture("/feeds/valley.rss", "valley_rss.xml", "application/rss+xml")
    s.add_fixture("/feeds/coastal_atom.xml", "coastal_atom.xml", "application/atom+xml")
    s.add_fixture("/feeds/broken.xml", "broken_feed.xml", "application/rss+xml")
    s.add_fixture("/pages/nav_only.html", "nav_only.html", "text/html")
    yield s
    s.close()


# --- plain text -----------------------------------------------------------------------------------


def test_text_header_lines_become_fields_and_the_body_stays_as_written():
    (doc,), rejected = read_all([FIXTURES / "headers.txt"])
    assert rejected == []
    assert doc.title == "Council delays budget vote after late amendments"
    assert doc.date == "2024-02-14"
    assert doc.site == "Northern Gazette"
    assert doc.url == "https://northern-gazette.example/politics/budget-vote-delayed"
    assert doc.text.startswith("February 14, 2024\n\nThe city council postponed")  # dateline kept for cleaning
    assert doc.text.rstrip().endswith("(Gazette)")  # caption kept too
    assert "Title:" not in doc.text and "northern-gazette.example" not in doc.text


def test_a_header_key_without_colon_and_a_body_that_merely_starts_like_a_header():
    (doc,), _ = read_all([FIXTURES / "source_only.txt"])
    assert doc.site == "The Valley Courier"
    assert doc.text.startswith("The county roads department")
    long_line = "Source " + "close to the minister said the talks would go on " * 8
    (doc,), _ = read_all(["-"], stdin=io.StringIO(long_line + "\n\nMore text."))
    assert doc.site is None and doc.text.startswith("Source close")


def test_header_variants_and_body_lines_that_only_look_like_headers():
    text = "Title:Night buses return\nDate: 11/12/2021\n\nDate night at the zoo is back, the city said.\n"
    (doc,), _ = read_all(["-"], stdin=io.StringIO(text))
    assert doc.title == "Night buses return" and doc.date is None
    assert doc.meta["date_header"] == "Date: 11/12/2021"  # ambiguous day/month: kept for a later stage
    assert doc.text == "Date night at the zoo is back, the city said."
    (doc,), _ = read_all(["-"], stdin=io.StringIO("Date night at the zoo is back.\n\nTickets sold out."))
    assert doc.date is None and doc.text.startswith("Date night")
    (doc,), _ = read_all(["-"], stdin=io.StringIO("DATE 2024-06-01T08:30:00Z\nurl https://x.example/a Floodgates shut."))
    assert (doc.date, doc.url, doc.text) == ("2024-06-01", "https://x.example/a", "Floodgates shut.")


def test_date_from_the_file_name_when_the_text_has_none(tmp_path):
    dated = tmp_path / "ledger_2024-03-07_ferry.txt"
    dated.write_text("The harbour authority approved the terminal on Thursday.\n")
    wrong = tmp_path / "ledger_2024-13-40_x.txt"
    wrong.write_text("No date here either.\n")
    headed = tmp_path / "ledger_2024-03-07_b.txt"
    headed.write_text("date 2024-03-08\nThe terminal plans were published.\n")
    docs, _ = read_all([dated, wrong, headed])
    assert [(d.date, d.meta.get("date_from")) for d in docs] == [("2024-03-07", "file name"), (None, None), ("2024-03-08", None)]


def test_seed_header_shares_its_line_with_the_body():
    seed = next(iter(sorted(SEEDS.glob("001_*.txt"))), None) if SEEDS.is_dir() else None
    if seed is None:
        pytest.skip("seeds not present")
    (doc,), rejected = read_all([seed])
    assert rejected == []
    assert doc.date == "2021-11-12"
    assert doc.text.startswith("Are Prime Minister")
    assert "date 2021" not in doc.text
    assert seed.read_text(encoding="utf-8").rstrip().endswith(doc.text.rstrip()[-200:])


def test_seed_folder_dates_from_header_and_dateline():
    if not SEEDS.is_dir():
        pytest.skip("seeds not present")
    docs, rejected = read_all([SEEDS])
    assert rejected == []
    assert [Path(d.source).name[:3] for d in docs] == ["000", "001"]
    assert [d.date for d in docs] == ["2021-11-16", "2021-11-12"]
    assert "November 16, 2021" in docs[0].text  # the dateline line stays for the cleaning stage


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2021-11-12", "2021-11-12"),
        ("2021-11-12T23:10:00+02:00", "2021-11-12"),
        ("2021/11/12", "2021-11-12"),
        ("November 16, 2021", "2021-11-16"),
        ("Nov. 16, 2021", "2021-11-16"),
        ("16 November 2021", "2021-11-16"),
        ("Tuesday, 16 Nov 2021", "2021-11-16"),
        ("Tue, 16 Nov 2021 10:00:00 GMT", "2021-11-16"),
        ("16.11.2021", "2021-11-16"),
        ("2021-02-30", None),
        ("last week", None),
        ("", None),
        (time.struct_time((2024, 4, 2, 7, 15, 0, 1, 93, 0)), "2024-04-02"),
    ],
)
def test_dates_are_normalised_to_iso(value, expected):
    assert normalise_date(value) == expected


# --- HTML -----------------------------------------------------------------------------------------


def test_html_page_keeps_metadata_and_paragraphs_without_navigation():
    (doc,), rejected = read_all([FIXTURES / "ferry_terminal.html"])
    assert rejected == []
    assert doc.title == "Harbour authority approves new ferry terminal"
    assert doc.date == "2024-03-07"
    assert doc.author == "Mira Okafor"
    assert doc.site == "The Coastal Ledger"
    assert doc.url == "https://coastal-ledger.example/news/2024/03/ferry-terminal"
    assert doc.html and "<nav" in doc.html
    paragraphs = doc.text.split("\n\n")
    assert paragraphs[0].startswith("The Port Elsmere harbour authority on Thursday")
    assert paragraphs[-1].startswith("The terminal is expected to cost")
    assert "Helena Brandt" in paragraphs[2] and "\nShe called the deal" in paragraphs[2]  # <br> inside a paragraph
    for chrome in ("Subscribe for 1 euro", "All rights reserved", "Most read", "Privacy"):
        assert chrome not in doc.text


def test_html_without_article_text_is_rejected():
    docs, rejected = read_all([FIXTURES / "nav_only.html", FIXTURES / "headers.txt"])
    assert len(docs) == 1 and docs[0].source.endswith("headers.txt")
    assert by_source(rejected) == {str(FIXTURES / "nav_only.html"): "no article text found in the HTML page"}


# --- JSON and JSONL -------------------------------------------------------------------------------


def test_jsonl_records_and_a_bad_line_rejected_on_its_own():
    path = str(FIXTURES / "records.jsonl")
    docs, rejected = read_all([path])
    assert [d.source for d in docs] == [f"{path}#1", f"{path}#4"]
    first, second = docs
    assert (first.ext_id, first.site, first.date, first.title) == ("ng-101", "Northern Gazette", "2024-05-20", "Tram line extension opens")
    assert first.text.startswith("The extended tram line") and "\n\nTransport officials" in first.text
    assert first.meta["fields"] == {"section": "city"}
    assert second.site == "Lakeside Times" and second.date == "2024-05-21"  # record fields win over the page
    assert second.title == "Tram riders praise new line"
    assert second.text.startswith("Passengers on the new airport tram") and "Home" not in second.text
    reasons = by_source(rejected)
    assert set(reasons) == {f"{path}#2", f"{path}#3", f"{path}#6"}
    assert reasons[f"{path}#3"].startswith("not valid JSON")
    assert "no 'text' or 'html'" in reasons[f"{path}#2"]
    assert "not an object" in reasons[f"{path}#6"]
    assert str(rejected[1]).startswith(f"{path}#3: not valid JSON")


def test_jsonl_lines_with_bad_bytes_or_too_long_are_rejected_alone(tmp_path):
    path = tmp_path / "feed.jsonl"
    good = b'{"id": "k1", "text": "The mill reopened on Monday."}\n'
    path.write_bytes(good + b'{"id": "k2", "text": "caf\xe9"}\n' + b'{"id": "k3", "text": "' + b"x" * 300 + b'"}\n' + good)
    bad_at = len('{"id": "k2", "text": "caf')
    docs, rejected = read_all([path], max_bytes=200)
    assert [d.source for d in docs] == [f"{path}#1", f"{path}#4"]
    reasons = by_source(rejected)
    assert reasons == {
        f"{path}#2": f"not valid UTF-8 (byte 0xe9 at byte offset {len(good) + bad_at} in the file)",
        f"{path}#3": "line too long (over 200 bytes)",
    }


def test_json_file_with_a_list_of_records():
    path = str(FIXTURES / "records.json")
    docs, rejected = read_all([path])
    assert rejected == []
    assert [(d.source, d.ext_id, d.date) for d in docs] == [(f"{path}#1", "1", "2024-05-02"), (f"{path}#2", "2", "2024-05-03")]
    assert all(d.site == "The Coastal Ledger" for d in docs)


# --- feeds ----------------------------------------------------------------------------------------


def test_rss_feed_over_http_follows_entry_links(site):
    feed_url = site.base + "/feeds/valley.rss"
    docs, rejected = read_all([feed_url])
    assert [d.title for d in docs] == ["Old swing bridge to close for repairs", "Library reopens after flood repairs"]
    bridge, library = docs
    assert bridge.source == site.base + "/pages/bridge_closure.html"
    assert bridge.meta["from"] == "page" and bridge.meta["feed"] == feed_url
    assert bridge.date == "2024-04-02" and bridge.author == "Tomas Lindqvist" and bridge.site == "Valley Courier"
    assert bridge.url == site.base + "/local/swing-bridge-repairs"  # the page's canonical link
    assert bridge.text.startswith("The swing bridge over the Arden canal") and "Front page" not in bridge.text
    # the library page is gone (404): the entry's full content stands in for it
    assert library.meta["from"] == "feed-content" and "404" in library.meta["fetch_error"]
    assert library.date == "2024-04-06" and library.site  # the feed's own date, not UTC's 5 April == "Valley Courier - Local"
    assert library.text.count("\n\n") == 2 and "Oskar Brandt" in library.text
    # the weather entry has a 404 link and only a teaser: rejected, naming its URL
    assert [r.source for r in rejected] == [site.base + "/missing/weather-warning"]
    assert "404" in rejected[0].reason and "no substantial summary" in rejected[0].reason
    assert "/missing/weather-warning" in site.hits


def test_atom_feed_with_relative_links_resolved_against_the_feed_url(site):
    docs, rejected = read_all([site.base + "/feeds/coastal_atom.xml"])
    (doc,) = docs
    assert doc.source == site.base + "/pages/ferry_terminal.html"
    assert (doc.title, doc.date, doc.author, doc.ext_id) == (
        "Harbour authority approves new ferry terminal", "2024-03-07", "Mira Okafor", "urn:uuid:ledger-ferry-terminal"
    )
    assert doc.text.startswith("The Port Elsmere harbour authority")
    assert [r.source for r in rejected] == [site.base + "/missing/cottage"]


def test_feed_file_fetches_only_http_links(site, tmp_path):
    feed = (FIXTURES / "valley_rss.xml").read_text(encoding="utf-8").replace("__BASE__", site.base)
    feed = feed.replace(site.base + "/missing/library-reopens", "file:///etc/passwd")
    path = tmp_path / "valley.rss"
    path.write_text(feed, encoding="utf-8")
    docs, rejected = read_all([path])
    assert [d.meta["from"] for d in docs] == ["page", "feed-content"]
    assert "scheme 'file'" in docs[1].meta["fetch_error"] and "root:" not in docs[1].text
    assert [r.source for r in rejected] == [site.base + "/missing/weather-warning"]


def test_feed_file_with_relative_links_names_the_entry_in_the_feed():
    path = str(FIXTURES / "coastal_atom.xml")
    docs, rejected = read_all([path])
    assert docs == []
    assert [r.source for r in rejected] == [f"{path}#1", f"{path}#2"]
    assert "/pages/ferry_terminal.html is relative" in rejected[0].reason


def test_links_from_untrusted_content_may_not_reach_private_addresses(site):
    from storyline.ingest.url import fetch, is_private_host

    assert is_private_host("127.0.0.1") and is_private_host("10.1.2.3") and is_private_host("169.254.169.254")
    assert not is_private_host("8.8.8.8")
    url = site.base + "/pages/ferry_terminal.html"
    assert fetch(url).body.startswith(b"<!DOCTYPE html>")
    with pytest.raises(Rejected, match="private or local address"):
        fetch(url, allow_private=False)


def test_malformed_feed_is_rejected_from_a_file_and_a_url(site):
    path = str(FIXTURES / "broken_feed.xml")
    docs, rejected = read_all([path, site.base + "/feeds/broken.xml", FIXTURES / "headers.txt"])
    assert len(docs) == 1
    reasons = by_source(rejected)
    assert reasons[path].startswith("malformed feed (") and reasons[site.base + "/feeds/broken.xml"].startswith("malformed feed")


# --- URLs -----------------------------------------------------------------------------------------


def test_page_url_is_read_as_html(site):
    url = site.base + "/pages/ferry_terminal.html"
    (doc,), rejected = read_all([url])
    assert rejected == [] and doc.source == url and doc.site == "The Coastal Ledger"


def test_page_in_a_declared_legacy_charset(site, tmp_path):
    page = (FIXTURES / "ferry_terminal.html").read_text(encoding="utf-8")
    page = page.replace('<meta charset="utf-8">', '<meta charset="windows-1252">').replace("Reyes", "Re\u00f1es \u2013 chair")
    (tmp_path / "legacy.html").write_bytes(page.encode("cp1252"))
    site.add("/legacy", page.encode("cp1252"), "text/html; charset=windows-1252")
    docs, rejected = read_all([tmp_path / "legacy.html", site.base + "/legacy"])
    assert rejected == [] and len(docs) == 2
    assert all("Re\u00f1es \u2013 chair" in d.text for d in docs)


def test_compressed_responses_are_inflated_within_the_cap(site):
    page = (FIXTURES / "ferry_terminal.html").read_bytes()
    site.add("/gz", gzip.compress(page), "text/html", **{"Content-Encoding": "gzip"})
    site.add("/bomb", gzip.compress(b"<p>" + b"a" * 200_000), "text/html", **{"Content-Encoding": "gzip"})
    docs, rejected = read_all([site.base + "/gz", site.base + "/bomb"], max_bytes=100_000)
    assert [d.title for d in docs] == ["Harbour authority approves new ferry terminal"]
    assert by_source(rejected) == {site.base + "/bomb": "response too large (over 100000 bytes once decompressed)"}


def test_url_failures_are_rejected_naming_the_url_and_the_batch_goes_on(site):
    site.add("/big", b"x" * 5000, "text/plain")
    site.add("/endless", b"y" * 1000, "text/plain")
    site.add("/to-file", b"", "text/plain", status=302, Location="file:///etc/passwd")
    site.add("/to-ftp", b"", "text/plain", status=301, Location="ftp://127.0.0.1/pub/story.txt")
    site.add("/slow", b"late", "text/plain")
    site.add("/trickle", b"a slow report " * 20, "text/plain")
    site.add("/plain.txt", "date 2024-01-02\n\nA short plain text report about the harbour.", "text/plain")
    closed = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    dead = f"http://127.0.0.1:{closed.server_address[1]}/gone"
    closed.server_close()
    urls = {
        "missing": site.base + "/nothing-here",
        "big": site.base + "/big",
        "endless": site.base + "/endless",
        "redirect": site.base + "/to-file",
        "redirect-ftp": site.base + "/to-ftp",
        "slow": site.base + "/slow",
        "trickle": site.base + "/trickle",
        "dead": dead,
        "ftp": "ftp://127.0.0.1/file.txt",
        "file": "file:///etc/hostname",
    }
    docs, rejected = read_all([*urls.values(), site.base + "/plain.txt"], max_bytes=4096, timeout=0.5)
    assert [(d.source, d.date) for d in docs] == [(site.base + "/plain.txt", "2024-01-02")]
    assert docs[0].url == site.base + "/plain.txt"
    reasons = by_source(rejected)
    assert set(reasons) == set(urls.values())
    assert reasons[urls["missing"]] == "HTTP error 404 Not Found"
    assert reasons[urls["big"]].startswith("response too large (5000 bytes")
    assert reasons[urls["endless"]].startswith("response too large (over 4096 bytes")
    assert "file:///etc/passwd" in reasons[urls["redirect"]] and "not allowed" in reasons[urls["redirect"]]
    assert reasons[urls["redirect-ftp"]] == "redirected to a URL that is not http(s): ftp://127.0.0.1/pub/story.txt"
    assert "timed out" in reasons[urls["slow"]]
    assert reasons[urls["trickle"]].startswith("too slow")
    assert reasons[urls["dead"]].startswith("unreachable")
    assert reasons[urls["ftp"]].startswith("unsupported URL scheme 'ftp'")
    assert reasons[urls["file"]].startswith("unsupported URL scheme 'file'")


# --- WARC -----------------------------------------------------------------------------------------


def write_warc(path: Path, records: list[tuple[str, int, str, bytes]], compress: bool) -> None:
    """A WARC file of response records (url, status, content type, body) written with warcio."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=compress)
        for url, status, ctype, body in records:
            if status == 0:  # a resource record: the page alone, no HTTP exchange
                record = writer.create_warc_record(url, "resource", payload=io.BytesIO(body), warc_content_type=ctype)
            else:
                reason = "OK" if status == 200 else "Not Found"
                headers = StatusAndHeaders(f"{status} {reason}", [("Content-Type", ctype)], protocol="HTTP/1.1")
                record = writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers)
            writer.write_record(record)


@pytest.mark.parametrize("name, compress", [("crawl.warc", False), ("crawl.warc.gz", True), ("crawl.bin", True)])
def test_warc_html_responses_become_documents(tmp_path, name, compress):
    page = (FIXTURES / "ferry_terminal.html").read_bytes()
    records = [
        ("https://coastal-ledger.example/news/2024/03/ferry-terminal", 200, "text/html; charset=utf-8", page),
        ("https://coastal-ledger.example/img/quay.jpg", 200, "image/jpeg", b"\xff\xd8\xff\xe0 not really a jpeg"),
        ("https://coastal-ledger.example/old", 404, "text/html", b"<html><body>gone</body></html>"),
        ("https://coastal-ledger.example/search", 200, "text/html", (FIXTURES / "nav_only.html").read_bytes()),
        ("https://valley-courier.example/local/bridge", 0, "text/html", (FIXTURES / "bridge_closure.html").read_bytes()),
    ]
    path = tmp_path / name
    write_warc(path, records, compress)
    docs, rejected = read_all([path])
    doc, resource = docs
    assert resource.source == f"{path}#5" and resource.title == "Old swing bridge to close for repairs"
    assert doc.source == f"{path}#1" and doc.meta["warc_target"] == records[0][0]
    assert doc.title == "Harbour authority approves new ferry terminal" and doc.date == "2024-03-07"
    assert [r.source for r in rejected] == [f"{path}#4"] and records[3][0] in rejected[0].reason


def test_broken_and_empty_warc_files_are_rejected(tmp_path):
    good = tmp_path / "a.warc.gz"
    write_warc(good, [("https://x.example/", 200, "text/html", (FIXTURES / "bridge_closure.html").read_bytes())], True)
    truncated = tmp_path / "b.warc.gz"
    truncated.write_bytes(good.read_bytes()[: len(good.read_bytes()) // 2])
    not_warc = tmp_path / "c.warc"
    not_warc.write_text("this is not an archive\n" * 5)
    cut_in_header = tmp_path / "e.warc.gz"
    cut_in_header.write_bytes(good.read_bytes()[:100])
    images_only = tmp_path / "d.warc"
    write_warc(images_only, [("https://x.example/i.png", 200, "image/png", b"\x89PNG....")], False)
    docs, rejected = read_all([truncated, not_warc, images_only, cut_in_header, good])
    assert [d.source for d in docs] == [f"{good}#1"]
    reasons = by_source(rejected)
    assert set(reasons) == {f"{truncated}#1", str(not_warc), str(images_only), str(cut_in_header)}
    assert reasons[f"{truncated}#1"].startswith("record truncated (") and "https://x.example/" in reasons[f"{truncated}#1"]
    assert reasons[str(cut_in_header)].startswith("WARC file broken at record 1")
    assert "not a valid WARC" in reasons[str(not_warc)]
    assert reasons[str(images_only)] == "WARC file holds no HTML response records"


# --- bad files, folders, stdin --------------------------------------------------------------------


def test_every_bad_file_is_rejected_by_name_and_the_batch_goes_on(tmp_path):
    bad = {
        "binary.dat": b"\x00\x01\x02\x03binary\x00data",
        "picture.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        "empty.txt": b"",
        "blank.txt": b"  \n\n \t\n",
        "latin1.txt": "The mayor of K\u00f6ln said".encode("latin-1"),
        "empty.jsonl": b"",
        "broken.json": b'{"id": 1, "text": ',
        "notes.xml": b'<?xml version="1.0"?><notes><note>hello</note></notes>',
    }
    for name, data in bad.items():
        (tmp_path / name).write_bytes(data)
    huge = tmp_path / "huge.txt"
    with open(huge, "wb") as fh:  # 50 MB without writing 50 MB
        fh.truncate(50 * 1024 * 1024)
    good = tmp_path / "zz_good.txt"
    good.write_text("A fire broke out at the paper mill on Monday, officials said.\n", encoding="utf-8")
    inputs = [tmp_path / name for name in bad] + [huge, tmp_path / "does-not-exist.txt", good]
    started = time.perf_counter()
    docs, rejected = read_all(inputs)
    assert time.perf_counter() - started < 5
    assert [d.source for d in docs] == [str(good)]
    reasons = by_source(rejected)
    assert set(reasons) == {str(i) for i in inputs[:-1]}
    assert reasons[str(tmp_path / "binary.dat")].startswith("binary file")
    assert reasons[str(tmp_path / "picture.txt")] == "binary file (PNG image), not text"
    assert reasons[str(tmp_path / "empty.txt")] == "empty file"
    assert reasons[str(tmp_path / "blank.txt")] == "empty file (only whitespace)"
    assert reasons[str(tmp_path / "latin1.txt")] == "not valid UTF-8 (byte 0xf6 at byte offset 14)"
    assert reasons[str(tmp_path / "empty.jsonl")] == "empty file"
    assert reasons[str(tmp_path / "broken.json")].startswith("not valid JSON")
    assert reasons[str(tmp_path / "notes.xml")] == "XML that is not an RSS or Atom feed"
    assert reasons[str(huge)] == "file too large (50 MB, limit 10 MB)"
    assert reasons[str(tmp_path / "does-not-exist.txt")] == "no such file or folder"
    assert all("\n" not in str(r) and str(r).startswith(r.source + ": ") for r in rejected)


def test_folder_is_read_recursively_in_order_skipping_hidden_files(tmp_path):
    folder = tmp_path / "corpus"
    (folder / "b_pages" / ".cache").mkdir(parents=True)
    (folder / ".git").mkdir()
    shutil.copy(FIXTURES / "headers.txt", folder / "a_brief")  # no extension: sniffed as text
    shutil.copy(FIXTURES / "ferry_terminal.html", folder / "b_pages" / "ferry.htm")
    shutil.copy(FIXTURES / "nav_only.html", folder / "b_pages" / "search.html")
    shutil.copy(FIXTURES / "records.json", folder / "c_records.json")
    shutil.copy(FIXTURES / "ferry_terminal.html", folder / "b_pages" / "page_without_extension")
    (folder / "b_pages" / ".cache" / "junk.txt").write_text("hidden folder")
    (folder / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    (folder / ".git" / "HEAD").write_text("ref: refs/heads/main")
    (folder / "README.md").write_text("Articles collected for the harbour project, March 2024.")
    (folder / "b_pages" / "LICENSE").write_text("Texts used with permission of their publishers.")
    (folder / "b_pages" / "readme_first.txt").write_text("An article whose file name only starts like a readme.")
    (folder / "d_image.jpg").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF")
    docs, rejected = read_all([folder])
    names = [Path(d.source.split("#")[0]).name for d in docs]
    assert names == ["a_brief", "ferry.htm", "page_without_extension", "readme_first.txt", "c_records.json", "c_records.json"]
    assert [d.meta["format"] for d in docs] == ["text", "html", "html", "text", "json", "json"]
    assert sorted(Path(r.source).name for r in rejected) == ["d_image.jpg", "search.html"]
    empty = tmp_path / "empty_folder"
    (empty / ".hidden").mkdir(parents=True)
    assert by_source(read_all([empty])[1]) == {str(empty): "folder holds no files"}


def test_stdin_text_jsonl_and_bad_bytes():
    (doc,), rejected = read_all(["-"], stdin=io.StringIO(" date 2024-06-01 Floodgates were closed overnight.\n"))
    assert rejected == [] and doc.source == "<stdin>" and doc.date == "2024-06-01"
    assert doc.text == "Floodgates were closed overnight."
    lines = '{"id": "a", "text": "First report."}\n\n{"id": "b", "text": "Second report.", "source": "Lakeside Times"}\n{oops\n'
    docs, rejected = read_all(["-"], stdin=io.StringIO(lines))
    assert [(d.source, d.ext_id) for d in docs] == [("<stdin>#1", "a"), ("<stdin>#3", "b")]
    assert docs[1].site == "Lakeside Times"
    assert [r.source for r in rejected] == ["<stdin>#4"]
    raw = io.TextIOWrapper(io.BytesIO(b"caf\xe9 au lait"), encoding="utf-8")
    docs, rejected = read_all(["-"], stdin=raw)
    assert docs == [] and str(rejected[0]) == "<stdin>: not valid UTF-8 (byte 0xe9 at byte offset 3)"


def test_gzip_that_is_not_a_warc_and_utf16_text(tmp_path):
    packed = tmp_path / "story.txt.gz"
    packed.write_bytes(gzip.compress(b"Some text"))
    utf16 = tmp_path / "note.txt"
    utf16.write_bytes("The ferry left at dawn.".encode("utf-16"))
    docs, rejected = read_all([packed, utf16])
    assert [d.text for d in docs] == ["The ferry left at dawn."]
    assert by_source(rejected) == {str(packed): "binary file (gzip archive), not text"}
