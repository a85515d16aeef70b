"""JSON and JSONL records {id?, url?, title?, date?, source?, author?, text | html}; `source` is the outlet."""

from __future__ import annotations

import json
from typing import Any, Callable, Iterable, Iterator

from ..errors import Rejected
from ..model import RawDocument
from .common import MAX_BYTES, normalise_date, open_file, size_label
from .html import parse_html

_KNOWN = {"id", "url", "title", "date", "source", "author", "text", "html"}
OnReject = Callable[[Rejected], None]


def record_to_document(record: Any, source: str, fmt: str = "jsonl") -> RawDocument:
    """A RawDocument from one record; HTML is read through trafilatura, the record's own fields win."""
    if not isinstance(record, dict):
        raise Rejected(f"record is a JSON {type(record).__name__}, not an object", source)
    text, html = record.get("text"), record.get("html")
    if isinstance(text, str) and text.strip():
        doc = RawDocument(source=source, text=text.replace("\r\n", "\n").strip())
    elif isinstance(html, str) and html.strip():
        doc = parse_html(html, source, url=_string(record.get("url")))
    else:
        raise Rejected("record has no 'text' or 'html' string", source)
    doc.title = _string(record.get("title")) or doc.title
    doc.url = _string(record.get("url")) or doc.url
    doc.site = _string(record.get("source")) or doc.site
    doc.author = _string(record.get("author")) or doc.author
    doc.date = normalise_date(_string(record.get("date"))) or doc.date
    doc.ext_id = _string(record.get("id"))
    doc.meta["format"] = fmt
    extra = {k: v for k, v in record.items() if k not in _KNOWN}
    if extra:
        doc.meta["fields"] = extra
    return doc


def _string(value: Any) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    text = str(value).strip()
    return text or None


def looks_like_jsonl(text: str) -> bool:
    """True when the text has several non-blank lines and the first of them starts a JSON object."""
    lines = [line for line in text.split("\n", 64)[:64] if line.strip()][:2]
    return len(lines) > 1 and lines[0].lstrip().startswith("{")


def iter_json_text(text: str, source: str, on_reject: OnReject) -> Iterator[RawDocument]:
    """Records of a JSON document holding one object or a list of them (JSONL is accepted too)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        if looks_like_jsonl(text):  # one object per line: JSONL in a .json file or on stdin
            yield from iter_jsonl_lines(enumerate(text.split("\n"), 1), source, on_reject)
            return
        raise Rejected(f"not valid JSON ({exc.msg} at line {exc.lineno} column {exc.colno})", source) from None
    if isinstance(data, list):
        if not data:
            raise Rejected("JSON list holds no records", source)
        for n, record in enumerate(data, 1):
            yield from _one(record, f"{source}#{n}", on_reject, "json")
    else:
        yield from _one(data, source, on_reject, "json")


def iter_jsonl_lines(lines: Iterable[tuple[int, str | None]], source: str, on_reject: OnReject) -> Iterator[RawDocument]:
    """Records of numbered JSONL lines; a bad line is rejected as 'source#N' and the rest goes on."""
    seen = 0
    for n, line in lines:
        if line is None:  # already rejected by the line reader
            seen += 1
            continue
        if not line.strip():
            continue
        seen += 1
        try:
            record = json.loads(line.rstrip("\r\n"))
        except json.JSONDecodeError as exc:
            on_reject(Rejected(f"not valid JSON ({exc.msg} at column {exc.colno})", f"{source}#{n}"))
            continue
        yield from _one(record, f"{source}#{n}", on_reject, "jsonl")
    if not seen:
        raise Rejected("empty file (no JSON records)", source)


def _one(record: Any, source: str, on_reject: OnReject, fmt: str) -> Iterator[RawDocument]:
    try:
        yield record_to_document(record, source, fmt)
    except Rejected as exc:
        on_reject(exc)


def read_jsonl_file(path: str, on_reject: OnReject, max_bytes: int = MAX_BYTES) -> Iterator[RawDocument]:
    """Stream a JSONL file line by line (no cap on the file, `max_bytes` on each line)."""
    with open_file(path) as fh:
        head = fh.read(65536)
        if not head.strip() and not fh.read(1):
            raise Rejected("empty file" if not head else "empty file (only whitespace)", path)
        if b"\x00" in head:
            raise Rejected("binary file (contains NUL bytes), not text", path)
        fh.seek(0)
        yield from iter_jsonl_lines(_numbered_lines(fh, path, max_bytes, on_reject), path, on_reject)


def _numbered_lines(fh: Any, path: str, max_bytes: int, on_reject: OnReject) -> Iterator[tuple[int, str | None]]:
    """(line number, text) for each line; overlong or undecodable lines are rejected and skipped."""
    n = 0
    offset = 0
    while True:
        raw = fh.readline(max_bytes + 1)
        if not raw:
            return
        n += 1
        if len(raw) > max_bytes and not raw.endswith(b"\n"):
            on_reject(Rejected(f"line too long (over {size_label(max_bytes)})", f"{path}#{n}"))
            while raw and not raw.endswith(b"\n"):  # skip the rest of the line
                offset += len(raw)
                raw = fh.readline(max_bytes + 1)
            offset += len(raw)
            yield n, None
            continue
        try:
            text = raw.decode("utf-8-sig" if n == 1 else "utf-8")
        except UnicodeDecodeError as exc:
            where = f"byte 0x{raw[exc.start : exc.start + 1].hex()} at byte offset {offset + exc.start} in the file"
            on_reject(Rejected(f"not valid UTF-8 ({where})", f"{path}#{n}"))
            text = None
        offset += len(raw)
        yield n, text
