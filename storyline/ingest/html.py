"""HTML pages through trafilatura: the article text as blank-line-separated paragraphs, plus its metadata."""

from __future__ import annotations

import re

from ..errors import Rejected
from ..model import RawDocument
from .common import normalise_date

_MIN_SENTENCE_WORDS = 8
_BLOCKS = ("head", "p", "quote", "list", "table", "code")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a <meta> tag within its first 4 KB, if any."""
    m = _META_CHARSET.search(data[:4096])
    return m.group(1).decode("ascii") if m else None


def looks_like_html(text: str) -> bool:
    """True when the start of `text` is an HTML document rather than plain text."""
    head = text[:2048].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or ("<html" in head and "<body" in text[:65536].lower()) or (
        head.startswith("<") and ("<head" in head or "<body" in head or "<article" in head)
    )


def parse_html(html: str, source: str, url: str | None = None) -> RawDocument:
    """A RawDocument from an HTML page: trafilatura's main text in .text, the page in .html.

    Keeps title, date, author, site name and canonical URL; comments are left out.
    Raises Rejected when trafilatura finds no article text.
    """
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=True, output_format="python"
        )
    except Exception as exc:  # trafilatura/lxml raise many kinds on broken markup
        raise Rejected(f"cannot parse HTML ({type(exc).__name__}: {exc})", source) from None
    text = _paragraphs(doc) if doc is not None else ""
    title = _clean(getattr(doc, "title", None))
    text = _drop_leading_title(text, title)
    if not _has_prose(text):  # nothing, or only menu-like scraps the fallback extractors picked up
        raise Rejected("no article text found in the HTML page", source)
    return RawDocument(
        source=source,
        text=text,
        html=html,
        title=title,
        date=normalise_date(getattr(doc, "date", None)),
        url=_clean(getattr(doc, "url", None)) or url,
        site=_clean(getattr(doc, "sitename", None)),
        author=_clean(getattr(doc, "author", None)),
        meta={
            k: v
            for k, v in {
                "format": "html",
                "hostname": _clean(getattr(doc, "hostname", None)),
                "description": _clean(getattr(doc, "description", None)),
                "language": _clean(getattr(doc, "language", None)),
            }.items()
            if v
        },
    )


def _paragraphs(doc: object) -> str:
    """The extracted body as paragraphs separated by blank lines (line breaks inside one paragraph kept)."""
    body = getattr(doc, "body", None)
    if body is None or len(body) == 0:
        return (getattr(doc, "text", None) or "").strip()
    paragraphs = []
    for element in body:
        if element.tag not in _BLOCKS:
            continue
        if element.tag == "list":
            lines = ["- " + _inline(item) for item in element.iter("item")]
            block = "\n".join(line for line in lines if line.strip("- "))
        elif element.tag == "table":
            rows = [" | ".join(_inline(cell) for cell in row.iter("cell")) for row in element.iter("row")]
            block = "\n".join(row for row in rows if row.strip(" |"))
        else:
            block = _inline(element)
        if block.strip():
            paragraphs.append(block.strip())
    return "\n\n".join(paragraphs)


def _inline(element: object) -> str:
    """Text of an element with <lb/> as a line break and runs of spaces collapsed."""
    parts: list[str] = []
    _collect(element, parts)
    lines = (re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _collect(node: object, parts: list[str]) -> None:
    """Append the text of `node` and its descendants, in document order, to `parts`."""
    if node.tag == "lb":  # type: ignore[attr-defined]
        parts.append("\n")
    elif node.text:  # type: ignore[attr-defined]
        parts.append(node.text)  # type: ignore[attr-defined]
    for child in node:  # type: ignore[attr-defined]
        _collect(child, parts)
        if child.tail:
            parts.append(child.tail)


def _has_prose(text: str) -> bool:
    """True when some line reads like a sentence (enough words), not only links and labels."""
    return any(len(line.split()) >= _MIN_SENTENCE_WORDS for line in text.split("\n"))


def _drop_leading_title(text: str, title: str | None) -> str:
    """The text without a first paragraph that only repeats the title (it is kept in .title)."""
    if not title:
        return text
    first, _, rest = text.partition("\n\n")
    if first.strip().casefold() == title.strip().casefold() and rest.strip():
        return rest
    return text


def _clean(value: object) -> str | None:
    if value is None:
        return None
    text = re.sub(r"\s+", " ", str(value)).strip()
    return text or None


def fragment_text(fragment: str) -> str:
    """Plain text of an HTML fragment (a feed entry's content), paragraphs separated by blank lines."""
    import html as htmllib

    text = re.sub(r"(?is)<(script|style)\b.*?</\1\s*>", " ", fragment)
    text = re.sub(r"(?i)<br\s*/?>", "\n", text)
    text = re.sub(r"(?i)</?(p|div|h[1-6]|li|blockquote|article|section|tr|ul|ol|table)\b[^>]*>", "\n\n", text)
    text = htmllib.unescape(re.sub(r"<[^>]+>", " ", text))
    paragraphs = []
    for block in re.split(r"\n\s*\n", text):
        lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in block.split("\n")]
        block = "\n".join(line for line in lines if line)
        if block:
            paragraphs.append(block)
    return "\n\n".join(paragraphs)


def parse_html_bytes(data: bytes, source: str, url: str | None = None, charset: str | None = None) -> RawDocument:
    """parse_html on raw bytes, decoded by the HTTP charset, else the page's <meta charset>, else UTF-8."""
    from .common import decode_text

    return parse_html(decode_text(data, source, charset or declared_charset(data)), source, url)
