"""Turn what the user named (files, folders, URLs, '-') into RawDocuments, choosing a reader for each."""

from __future__ import annotations

import os
import re
import sys
from typing import Callable, Iterator, TextIO
from urllib.parse import urlsplit

from ..errors import Rejected
from ..model import RawDocument
from .common import MAX_BYTES, TIMEOUT, check_bytes, decode_text, open_file, read_file, size_label
from .feed import iter_feed, looks_like_feed
from .html import looks_like_html, parse_html_bytes
from .jsonl import iter_json_text, read_jsonl_file
from .text import parse_text
from .url import fetch, is_url
from .warc import iter_warc, looks_like_warc

OnReject = Callable[[Rejected], None]
STDIN = "<stdin>"

# Names in a folder that are not articles: hidden files and the notes that travel with a corpus.
_NOT_ARTICLES = re.compile(r"\.|(?:README|LICEN[CS]E|COPYING|CHANGELOG|NOTICE)(?:\.[A-Za-z]+)?$", re.IGNORECASE)
_KIND_BY_EXTENSION = {
    ".txt": "text", ".text": "text", ".md": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".xml": "feed", ".rss": "feed", ".atom": "feed",
}  # fmt: skip
_KIND_BY_MEDIA_TYPE = {
    "text/html": "html", "application/xhtml+xml": "html",
    "application/rss+xml": "feed", "application/atom+xml": "feed", "application/rdf+xml": "feed",
    "application/xml": "feed", "text/xml": "feed",
    "application/json": "json", "application/x-ndjson": "json", "application/jsonl": "json",
    "text/plain": "text",
}  # fmt: skip


def iter_documents(
    inputs: list[str],
    on_reject: Callable[[Rejected], None],
    stdin: TextIO | None = None,
    *,
    max_bytes: int = MAX_BYTES,
    timeout: float = TIMEOUT,
) -> Iterator[RawDocument]:
    """Documents from files, folders (recursive), http(s) URLs (pages or feeds) and '-' (stdin).

    Every bad input, or bad record inside one, is passed to `on_reject` and the iteration goes on.
    `max_bytes` caps each file, response and record; `timeout` bounds each HTTP request.
    """
    reader = _Reader(on_reject, stdin, max_bytes, timeout)
    for item in inputs:
        try:
            yield from reader.read(item)
        except Rejected as exc:
            on_reject(exc)


class _Reader:
    """Holds the options of one iter_documents call while it walks the inputs."""

    def __init__(self, on_reject: OnReject, stdin: TextIO | None, max_bytes: int, timeout: float):
        self.on_reject = on_reject
        self.stdin = stdin
        self.max_bytes = max_bytes
        self.timeout = timeout

    def read(self, item: str) -> Iterator[RawDocument]:
        """Documents of one input; Rejected when the input as a whole is bad."""
        if item == "-":
            yield from self.read_stdin()
        elif is_url(item):
            yield from self.read_url(item)
        elif os.path.isdir(item):
            yield from self.read_folder(item)
        elif not os.path.exists(item):
            raise Rejected("no such file or folder", item)
        else:
            yield from self.read_path(item)

    def read_folder(self, folder: str) -> Iterator[RawDocument]:
        """Every file below `folder`, sorted, each rejected on its own.

        Hidden files and folders are skipped, and so are a corpus's own notes (README, LICENSE, ...).
        """
        paths = []
        for root, dirs, files in os.walk(folder):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            paths.extend(os.path.join(root, name) for name in files if not _NOT_ARTICLES.match(name))
        if not paths:
            raise Rejected("folder holds no files", folder)
        for path in sorted(paths):
            try:
                yield from self.read_path(path)
            except Rejected as exc:
                self.on_reject(exc)

    def read_path(self, path: str) -> Iterator[RawDocument]:
        """One file; WARC and JSONL are streamed, anything else is read whole under the size cap."""
        name = path.lower()
        if name.endswith((".warc", ".warc.gz")):
            yield from iter_warc(path, self.on_reject, self.max_bytes)
            return
        kind = _KIND_BY_EXTENSION.get(os.path.splitext(name)[1])
        if kind == "jsonl":
            yield from read_jsonl_file(path, self.on_reject, self.max_bytes)
            return
        with open_file(path) as fh:
            head = fh.read(512)
        if looks_like_warc(head):
            yield from iter_warc(path, self.on_reject, self.max_bytes)
            return
        yield from self.read_bytes(read_file(path, self.max_bytes), path, kind)

    def read_url(self, url: str) -> Iterator[RawDocument]:
        """A page, feed, text or JSON resource at an http(s) URL, chosen by content type then by sniffing."""
        fetched = fetch(url, max_bytes=self.max_bytes, timeout=self.timeout)
        if looks_like_warc(fetched.body[:512]):
            raise Rejected("WARC archives are read from files; download it first", url)
        kind = _KIND_BY_MEDIA_TYPE.get(fetched.content_type)
        if kind is None:
            kind = _KIND_BY_EXTENSION.get(os.path.splitext(urlsplit(fetched.final_url).path.lower())[1])
        yield from self.read_bytes(fetched.body, url, kind, fetched.charset, fetched.final_url)

    def read_stdin(self) -> Iterator[RawDocument]:
        """Standard input: text, or JSON/JSONL, HTML or a feed when it looks like one."""
        stream = self.stdin if self.stdin is not None else sys.stdin
        buffer = getattr(stream, "buffer", None)
        if buffer is not None:
            data = buffer.read(self.max_bytes + 1)
        else:
            data = stream.read(self.max_bytes + 1).encode("utf-8")
        if len(data) > self.max_bytes:
            raise Rejected(f"input too large (over {size_label(self.max_bytes)})", STDIN)
        yield from self.read_bytes(data, STDIN, None)

    def read_bytes(
        self, data: bytes, source: str, kind: str | None, charset: str | None = None, base_url: str | None = None
    ) -> Iterator[RawDocument]:
        """Documents from the bytes of one resource, with the reader `kind` names or one chosen by sniffing."""
        check_bytes(data, source)
        if kind in (None, "feed", "html"):
            sniffed = _sniff(data)
            if kind is None or (kind == "html" and sniffed == "feed"):
                kind = sniffed
            elif kind == "feed" and sniffed != "feed":  # XML that is not a feed, or a mislabelled page
                if sniffed != "html":
                    raise Rejected("XML that is not an RSS or Atom feed", source)
                kind = "html"
        if kind == "feed":
            yield from iter_feed(data, source, self.on_reject, base_url, self.max_bytes, self.timeout)
        elif kind == "html":
            yield parse_html_bytes(data, source, url=base_url, charset=charset)
        elif kind in ("json", "jsonl"):
            yield from iter_json_text(decode_text(data, source, charset), source, self.on_reject)
        else:
            doc = parse_text(decode_text(data, source, charset), source)
            doc.url = doc.url or base_url
            yield doc


def _sniff(data: bytes) -> str:
    """'feed', 'html', 'json' or 'text' from the first bytes of a resource."""
    head = data[:4096].decode("utf-8", errors="replace").lstrip("\ufeff \t\r\n")
    if looks_like_feed(head):
        return "feed"
    if looks_like_html(head):
        return "html"
    if re.match(r"[\[{]\s*[\"{\[\]}]", head):  # '[Photo] ...' is text, '[{"id": 1' is JSON
        return "json"
    return "text"
