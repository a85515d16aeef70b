"""RSS and Atom feeds (feedparser): each entry's linked page is fetched and read as HTML.

Only the entry links of the feed the user gave are fetched, and only over http(s). When a page cannot
be fetched, the entry's own content or summary stands in for it if it is substantial.
"""

from __future__ import annotations

import io
import re
from typing import Any, Callable, Iterator
from urllib.parse import urlsplit

from ..errors import Rejected
from ..model import RawDocument
from .common import MAX_BYTES, TIMEOUT, normalise_date
from .html import fragment_text, looks_like_html, parse_html_bytes
from .url import check_scheme, fetch, is_private_host

MAX_ENTRIES = 1000  # entries read from one feed
MIN_FALLBACK_CHARS = 300  # entry content shorter than this is a teaser, not an article
_FEED_ROOT = re.compile(r"<(rss|feed|rdf:RDF)[\s>]", re.IGNORECASE)
OnReject = Callable[[Rejected], None]


def looks_like_feed(text: str) -> bool:
    """True when the first kilobytes of `text` open an RSS, Atom or RDF feed."""
    head = text[:4096].lstrip()
    return head.startswith("<") and bool(_FEED_ROOT.search(head)) and "<html" not in head[:512].lower()


def iter_feed(
    data: bytes,
    source: str,
    on_reject: OnReject,
    base_url: str | None = None,
    max_bytes: int = MAX_BYTES,
    timeout: float = TIMEOUT,
) -> Iterator[RawDocument]:
    """Documents for the entries of a feed given as bytes; `base_url` resolves relative entry links."""
    import feedparser

    headers = {"content-location": base_url} if base_url else None
    # entries of a feed on a public site may not send us to private or local addresses
    allow_private = base_url is None or is_private_host(urlsplit(base_url).hostname or "")
    parsed = feedparser.parse(io.BytesIO(data), response_headers=headers)
    entries = parsed.get("entries") or []
    if not entries:
        if parsed.get("bozo"):
            problem = parsed.get("bozo_exception")
            raise Rejected(f"malformed feed ({_one_line(problem)})", source)
        raise Rejected("feed has no entries", source)
    feed_info = parsed.get("feed") or {}
    feed_title = _text(feed_info.get("title"))
    seen: set[str] = set()
    for n, entry in enumerate(entries[:MAX_ENTRIES], 1):
        link = _text(entry.get("link"))
        if link in seen:
            continue
        if link:
            seen.add(link)
        try:
            doc = _entry_document(entry, link, f"{source}#{n}", max_bytes, timeout, allow_private)
        except Rejected as exc:
            on_reject(exc)
            continue
        doc.site = doc.site or feed_title
        doc.meta.update({"feed": source, "feed_title": feed_title} if feed_title else {"feed": source})
        yield doc


def _entry_document(
    entry: Any, link: str | None, fallback_source: str, max_bytes: int, timeout: float, allow_private: bool
) -> RawDocument:
    """The entry's linked page read as HTML, or the entry's own content when the page is out of reach."""
    fetchable = bool(link) and urlsplit(link).scheme.lower() in ("http", "https")
    source = link if fetchable and link else fallback_source
    problem = "entry has no link"
    if link and not urlsplit(link).scheme:
        problem = f"entry link {link[:200]} is relative and the feed has no base URL"
    elif link:
        try:
            check_scheme(link, source)
            doc = _fetch_page(link, max_bytes, timeout, allow_private)
            doc.meta["from"] = "page"
            doc.title = _text(entry.get("title")) or doc.title
        except Rejected as exc:
            problem = exc.reason if fetchable else f"{exc.reason}: {link[:200]}"
        else:
            return _with_entry_fields(doc, entry)
    content, kind = _entry_content(entry)
    if len(content) < MIN_FALLBACK_CHARS:
        what = f"no substantial {kind} in the feed entry" if content else "no content in the feed entry"
        raise Rejected(f"{problem}; {what}", source)
    doc = RawDocument(source=source, text=content, url=link, title=_text(entry.get("title")))
    doc.meta.update({"format": "feed", "from": f"feed-{kind}", "fetch_error": problem})
    return _with_entry_fields(doc, entry)


def _fetch_page(link: str, max_bytes: int, timeout: float, allow_private: bool) -> RawDocument:
    accept = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"
    fetched = fetch(link, max_bytes=max_bytes, timeout=timeout, accept=accept, allow_private=allow_private)
    is_html = "html" in fetched.content_type or looks_like_html(fetched.body[:4096].decode("latin-1"))
    if not is_html:
        raise Rejected(f"linked page is not HTML ({fetched.content_type or 'no content type'})", link)
    doc = parse_html_bytes(fetched.body, link, url=fetched.final_url, charset=fetched.charset)
    doc.meta["format"] = "feed"
    return doc


def _with_entry_fields(doc: RawDocument, entry: Any) -> RawDocument:
    """Fill date, author and id from the entry (the feed's date is exact; the page's is a guess)."""
    # the date as the feed wrote it (its own time zone) first; feedparser's parsed form is in UTC
    entry_date = normalise_date(entry.get("published") or entry.get("updated"))
    entry_date = entry_date or normalise_date(entry.get("published_parsed") or entry.get("updated_parsed"))
    doc.date = entry_date or doc.date
    doc.author = doc.author or _text(entry.get("author"))
    doc.ext_id = _text(entry.get("id")) or doc.ext_id
    return doc


def _entry_content(entry: Any) -> tuple[str, str]:
    """(plain text, 'content' or 'summary') of the longest body the entry carries."""
    best, kind = "", "content"
    for item in entry.get("content") or []:
        text = fragment_text(item.get("value") or "")
        if len(text) > len(best):
            best = text
    summary = fragment_text(entry.get("summary") or "")
    if len(summary) > len(best):
        best, kind = summary, "summary"
    return best, kind


def _text(value: Any) -> str | None:
    if not value:
        return None
    text = re.sub(r"\s+", " ", str(value)).strip()
    return text or None


def _one_line(problem: Any) -> str:
    text = re.sub(r"\s+", " ", str(problem or "unknown problem")).strip()
    return text[:200]
