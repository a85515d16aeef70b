"""Safe HTML for untrusted text: every text piece is escaped, and only our own tags are added."""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup, escape

from ..model import Article
from ..store.views import MARK_CLOSE, MARK_OPEN

_PAIRED = re.compile(f"{MARK_OPEN}([^{MARK_OPEN}{MARK_CLOSE}]*){MARK_CLOSE}")
_SAFE_CLASS = re.compile(r"[^A-Za-z0-9_-]")
_WORD = re.compile(r"\w{4,}")
_COMMON = {"that", "this", "with", "from", "will", "have", "been", "were", "said", "says", "they", "their", "would",
           "about", "after", "before", "there", "which", "when", "what", "also", "into", "than", "then", "them"}


@dataclass
class Span:
    start: int
    end: int
    css: str
    title: str


def marked(snippet: str | None) -> Markup:
    """An FTS snippet as HTML: the text escaped, then each paired match marker turned into <mark>."""
    out, pos = [], 0
    snippet = snippet or ""
    for m in _PAIRED.finditer(snippet):
        out.append(escape(_strip_marks(snippet[pos:m.start()])))
        out.append(Markup("<mark>") + escape(m.group(1)) + Markup("</mark>"))
        pos = m.end()
    out.append(escape(_strip_marks(snippet[pos:])))
    return Markup("").join(out)


def _strip_marks(text: str) -> str:
    return text.replace(MARK_OPEN, "").replace(MARK_CLOSE, "")


def mark_terms(sentence: str | None, claim: str | None) -> Markup:
    """An evidence sentence with the words it shares with the claim wrapped in <mark> (both escaped)."""
    terms = {w.lower() for w in _WORD.findall(claim or "")} - _COMMON
    out, pos = [], 0
    sentence = sentence or ""
    for m in _WORD.finditer(sentence):
        if m.group().lower() in terms:
            out.append(escape(sentence[pos:m.start()]))
            out.append(Markup("<mark>") + escape(m.group()) + Markup("</mark>"))
            pos = m.end()
    out.append(escape(sentence[pos:]))
    return Markup("").join(out)


def article_spans(article: Article) -> list[Span]:
    """Entity, time, quote, speaker and cue spans of an article, clamped to its text."""
    n = len(article.text)
    spans = [Span(e.start, e.end, "ent ent-" + _SAFE_CLASS.sub("", e.label),
                  f"{e.label}: {e.canonical or e.text}" + (f" ({e.role})" if e.role else ""))
             for e in article.entities]
    spans += [Span(t.start, t.end, "time", f"{t.type}: {t.value}") for t in article.times]
    for q in article.quotes:
        who = q.speaker or "unattributed"
        spans.append(Span(q.start, q.end, "quote" + (" direct" if q.direct else " indirect"), f"quote: {who}"))
        if q.speaker_start is not None and q.speaker_end is not None:
            spans.append(Span(q.speaker_start, q.speaker_end, "speaker", f"speaker: {who}"))
        if q.cue_start is not None and q.cue_end is not None:
            spans.append(Span(q.cue_start, q.cue_end, "cue", "speech cue"))
    return [Span(max(0, s.start), min(n, s.end), s.css, s.title) for s in spans
            if s.start is not None and s.end is not None and 0 <= s.start < s.end and s.start < n]


def highlight(text: str, spans: list[Span]) -> Markup:
    """The text cut at every span boundary; each piece escaped and wrapped in the spans covering it."""
    bounds = sorted({0, len(text), *(s.start for s in spans), *(s.end for s in spans)})
    out = []
    for a, b in zip(bounds, bounds[1:]):
        piece = escape(text[a:b])
        covering = [s for s in spans if s.start <= a and s.end >= b]
        if not covering:
            out.append(piece)
            continue
        css = " ".join(dict.fromkeys(c for s in covering for c in s.css.split()))
        title = "; ".join(dict.fromkeys(s.title for s in covering))
        out.append(Markup('<span class="{}" title="{}">').format(css, title) + piece + Markup("</span>"))
    return Markup("").join(out)
