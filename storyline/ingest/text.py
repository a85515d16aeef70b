"""Plain-text articles: optional header lines at the top (date, title, source, url), then the body as it is."""

from __future__ import annotations

import re

from ..errors import Rejected
from ..model import RawDocument
from .common import match_date, normalise_date

_HEADER = re.compile(
    r"[ \t]*(?P<key>date|title|source|url)(?:(?P<colon>[ \t]*:)[ \t]*|[ \t]+)(?P<value>\S.*)$", re.IGNORECASE
)
_URL = re.compile(r"https?://\S+", re.IGNORECASE)
_MAX_HEADER_VALUE = 300  # a longer 'title …' line without a colon is body text, not a header
_DATELINE_SCAN = 8  # non-blank lines near the top searched for a dateline when no date header


def parse_text(text: str, source: str) -> RawDocument:
    """A RawDocument from plain text; header lines become fields, everything else stays as the body.

    A header may share its line with the start of the body (' date 2021-11-12 Are Prime Minister…'):
    the date is taken and the rest of the line is kept as body text.
    """
    fields: dict[str, str | None] = {}
    raw_dates: list[str] = []
    lines = text.split("\n")
    index = 0
    while index < len(lines):
        line = lines[index]
        if not line.strip():
            index += 1
            continue
        header = _read_header(line, fields)
        if header is None:
            break
        key, value, rest = header
        fields[key] = value or None
        if not value:
            raw_dates.append(line.strip())
        if rest:  # the body starts on the header's own line
            lines[index] = rest
            break
        index += 1
    body = "\n".join(lines[index:]).strip()
    if not body:
        raise Rejected("no article text (only header lines)", source)
    doc = RawDocument(
        source=source,
        text=body,
        title=fields.get("title"),
        date=fields.get("date"),
        url=fields.get("url"),
        site=fields.get("source"),
        meta={"format": "text", "date_header": raw_dates[0]} if raw_dates else {"format": "text"},
    )
    if doc.date is None:
        dateline = find_dateline(body)
        if dateline:
            doc.date = dateline
            doc.meta["date_from"] = "dateline"
        else:
            named = _date_in_file_name(source)
            if named:
                doc.date = named
                doc.meta["date_from"] = "file name"
    return doc


def _read_header(line: str, seen: dict[str, str | None]) -> tuple[str, str, str] | None:
    """(key, value, rest of the line as body) when `line` is a header line, else None."""
    m = _HEADER.match(line)
    if not m:
        return None
    key, value = m.group("key").lower(), m.group("value").strip()
    if key in seen:
        return None
    if key == "date":
        found = match_date(value)
        if not found:  # 'Date: 11/12/2021' (ambiguous) is still a header line; 'Date night …' is not
            return (key, "", "") if m.group("colon") and len(value) < 40 else None
        iso, used = found
        rest = re.sub(r"^(?:[T ]?\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?\s*(?:Z|[+-]\d{2}:?\d{2}|UTC|GMT)?)?", "", value[used:])
        return key, iso, rest.strip()
    if key == "url":
        url = _URL.match(value)
        if not url:
            return None
        return key, url.group(0), value[url.end() :].strip()
    # title / source: the whole line; without a colon only when short enough to be a header
    if not m.group("colon") and len(value) > _MAX_HEADER_VALUE:
        return None
    return key, value, ""


def find_dateline(body: str) -> str | None:
    """The ISO date of a dateline-only line ('November 16, 2021') near the top of the body, if any."""
    checked = 0
    for line in body.split("\n"):
        stripped = line.strip().rstrip(".")
        if not stripped:
            continue
        found = match_date(stripped)
        if found and not stripped[found[1] :].strip(" ,-–—|"):
            return found[0]
        checked += 1
        if checked >= _DATELINE_SCAN:
            break
    return None


_NAME_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")


def _date_in_file_name(source: str) -> str | None:
    """An ISO date written in the file's name ('outlet_2016-09-12_slug.txt'), a common corpus convention."""
    name = source.replace("\\", "/").rsplit("/", 1)[-1]
    m = _NAME_DATE.search(name)
    return normalise_date(m.group(0)) if m else None
