"""Text-level scanning for quotes: quotation-mark spans and a cheap sentence splitter.

Works on the raw text without a parse, so that direct quotes running over several paragraphs
(news style leaves the quote open at a paragraph's end and reopens it) are found whole, and so
that only the sentences that can hold an attribution need to go through the parser.
"""

from __future__ import annotations

import re

OPEN_CURLY = "“„«"
CLOSE_CURLY = "”»"
STRAIGHT = '"'
DOUBLE_MARKS = OPEN_CURLY + CLOSE_CURLY + STRAIGHT + "‟"
_OPEN_CONTEXT = " \t\n([{—–-/"  # a straight mark after one of these (or at the start) opens a quote
_PARAGRAPH = re.compile(r"[^\n]+")
_MARK = re.compile("[" + re.escape(DOUBLE_MARKS) + "]")


def has_double_mark(text: str) -> bool:
    """True when `text` holds a double quotation mark of any style."""
    return any(c in DOUBLE_MARKS for c in text)


def _is_opening(text: str, i: int) -> bool:
    """Whether the mark at `i` opens a quote (curly marks say so; straight ones by context)."""
    c = text[i]
    if c in OPEN_CURLY or c == "‟":
        return True
    if c in CLOSE_CURLY:  # a closing mark typed at a paragraph's start opens ('”What is ...')
        return (i == 0 or text[i - 1] == "\n") and i + 1 < len(text) and not text[i + 1].isspace()
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if before in _OPEN_CONTEXT:
        return not after.isspace()
    return False


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Spans of double-quoted passages, marks included; a quote left open at a paragraph's end
    continues when the next paragraph opens with a mark. Unbalanced marks never raise: a quote
    still open at the end of a paragraph that is not continued ends there."""
    paragraphs = [(m.start(), m.end()) for m in _PARAGRAPH.finditer(text)]
    spans: list[tuple[int, int]] = []
    pending: int | None = None  # start of a quote left open by the previous paragraph
    for n, (p_start, p_end) in enumerate(paragraphs):
        start, depth, i = None, 0, p_start
        lead = p_start + (len(text[p_start:p_end]) - len(text[p_start:p_end].lstrip()))
        if pending is not None:
            if lead < p_end and text[lead] in DOUBLE_MARKS and _is_opening(text, lead):
                start, depth, i = pending, 1, lead + 1  # the quote goes on in this paragraph
            else:
                spans.append((pending, paragraphs[n - 1][1]))
        pending = None
        for m in _MARK.finditer(text, i, p_end):
            i, c = m.start(), m.group()
            if c == STRAIGHT:  # straight marks do not nest: inside a quote, the next one closes it
                if start is None:
                    if _is_opening(text, i):
                        start, depth = i, 1
                else:
                    spans.append((start, i + 1))
                    start, depth = None, 0
            elif _is_opening(text, i):
                start = i if start is None else start
                depth += 1
            elif start is not None:
                depth -= 1
                if depth <= 0:
                    spans.append((start, i + 1))
                    start, depth = None, 0
        if start is not None:
            pending = start
    if pending is not None and paragraphs:
        spans.append((pending, paragraphs[-1][1]))
    return spans


_SENT_END = re.compile(r"""[.!?]+["”’)\]]*(?=\s+["“‘(\[]?[A-Z0-9])|\n+""")
_ABBREV = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Sgt|Capt|St|Jr|Sr|Prof|Rev|Hon|Pres|Sec|No|vs|Jan|Feb|Mar|Apr|Aug|Sept?|Oct|Nov|Dec|Inc|Corp|Co|Ltd|U\.S|U\.N|U\.K|D\.C|[A-Z])\.)$"
)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans by punctuation and line breaks (no model); abbreviations such as 'Sen.' or
    initials do not end a sentence. Whitespace around a sentence is left out of its span."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENT_END.finditer(text):
        if m.group().startswith("\n"):
            end = m.start()
        else:
            if _ABBREV.search(text[max(0, m.start() - 6) : m.start() + 1]) and len(m.group()) == 1:
                continue
            end = m.end()
        _add_span(text, start, end, spans)
        start = m.end()
    _add_span(text, start, len(text), spans)
    return spans


def _add_span(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))
