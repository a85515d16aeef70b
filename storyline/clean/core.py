"""The cleaning orchestrator: RawDocument in, Article out, with every removed piece and its reason."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Collection

from ..errors import Rejected
from ..model import Article, RawDocument, Removed
from . import boilerplate as bp
from . import outlet as ol
from .dedupe import content_id

CREDIT_TAIL_LINES = 2  # standalone credit lines looked for at the end of the text


@dataclass(eq=False)
class _Block:
    """One raw paragraph: its lines, and the removal reason of each line (None = kept)."""

    lines: list[str]
    reasons: list[str | None] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.reasons = [None] * len(self.lines)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    @property
    def kept(self) -> list[str]:
        return [ln for ln, r in zip(self.lines, self.reasons) if r is None]

    def drop_all(self, reason: str) -> None:
        self.reasons = [r or reason for r in self.reasons]


@dataclass
class _Found:
    """What the rules noticed while removing: dates, outlet hints."""

    dates: list[str] = field(default_factory=list)
    update_dates: list[str] = field(default_factory=list)
    about: str | None = None
    desk: str | None = None
    credit: str | None = None
    author: str | None = None


def clean_document(raw: RawDocument, repeated: Collection[str] = ()) -> Article:
    """Clean a raw document: drop captions, datelines, footers, promos, credit lines and the
    outlet's learned repeated paragraphs (`repeated` holds their `paragraph_keys`), detect the
    outlet, publisher, date and time zone, and keep every removed piece with its reason."""
    text = raw.text or ""
    blocks = [_Block(lines) for lines in bp.split_blocks(text)]
    if not blocks:
        raise Rejected("no text to clean", raw.source)
    found = _Found()
    _drop_title_line(blocks, raw.title)
    _apply_line_rules(blocks, found)
    _drop_about_footer(blocks, found)
    _drop_repeated(blocks, set(repeated))
    _drop_credit_lines(blocks, found)
    kept_blocks = [b.kept for b in blocks if b.kept]
    if not kept_blocks:
        raise Rejected("nothing left after removing boilerplate", raw.source)
    cleaned = "\n\n".join("\n".join(lines) for lines in kept_blocks)
    wire = ol.wire_outlet(kept_blocks[0][0])
    outlet, publisher = ol.resolve_outlet(raw.site, raw.url, found.about, found.desk, found.credit, wire)
    date = raw.date or next(iter(found.dates + found.update_dates), None)
    return Article(
        id=content_id(cleaned),
        text=cleaned,
        source=raw.source,
        title=raw.title,
        date=date,
        url=raw.url,
        outlet=outlet,
        publisher=publisher,
        author=raw.author or found.author,
        timezone=ol.timezone_of(text),
        removed=_removed(blocks),
    )


def _drop_title_line(blocks: list[_Block], title: str | None) -> None:
    """The headline repeated as the first line of the body is a header, not article text."""
    if title and bp.normalise(blocks[0].lines[0]) == bp.normalise(title) and len(blocks) > 1:
        blocks[0].reasons[0] = "header"


def _apply_line_rules(blocks: list[_Block], found: _Found) -> None:
    """Line rules: datelines (remembering their dates), copyright, promos and desk notes, captions."""
    for block in blocks:
        for i, line in enumerate(block.lines):
            if block.reasons[i]:
                continue
            reason = bp.classify_line(line)
            if reason is None:
                continue
            block.reasons[i] = reason
            if reason == "dateline":
                iso, is_update = bp.dateline_date(line) or (None, False)
                if iso:
                    (found.update_dates if is_update else found.dates).append(iso)
            elif reason == "promo":
                found.desk = found.desk or ol.desk_note_outlet(line)
            elif reason == "header":
                found.author = found.author or bp.byline_author(line)


def _drop_about_footer(blocks: list[_Block], found: _Found) -> None:
    """'About X' near the end, and everything after it, is the publisher's footer (X publishes the site)."""
    for n, block in enumerate(blocks):
        if len(blocks) - n - 1 > bp.FOOTER_TAIL_BLOCKS or n == 0:
            continue
        name = bp.about_heading(block.lines[0])
        if name is None:
            continue
        if name != "the author":
            found.about = ol.canonical_outlet(name)
        for later in blocks[n:]:
            later.drop_all("footer")
        return


def _drop_repeated(blocks: list[_Block], repeated: set[str]) -> None:
    """Paragraphs the outlet repeats across its articles: removed at either edge of the text, or
    anywhere when short (long shared paragraphs in the body may be real background)."""
    if not repeated:
        return
    marks = [bp.paragraph_key(b.text) in repeated for b in blocks]
    lead = 0
    while lead < len(blocks) and (marks[lead] or not blocks[lead].kept):
        lead += 1
    tail = len(blocks)
    while tail > lead and (marks[tail - 1] or not blocks[tail - 1].kept):
        tail -= 1
    for n, (block, mark) in enumerate(zip(blocks, marks)):
        short = len(block.text.split()) <= bp.REPEAT_MAX_BODY_WORDS
        if mark and (n < lead or n >= tail or short):
            block.drop_all("repeated")


def _drop_credit_lines(blocks: list[_Block], found: _Found) -> None:
    """Short standalone outlet names after the last paragraph credit the original outlet of a reprint."""
    kept = [(n, i) for n, b in enumerate(blocks) for i, r in enumerate(b.reasons) if r is None]
    if len(kept) < 2:
        return
    for n, i in reversed(kept[-min(CREDIT_TAIL_LINES, len(kept) - 1) :]):
        block = blocks[n]
        above_footer = i == len(block.lines) - 1 and n + 1 < len(blocks) and "footer" in blocks[n + 1].reasons
        name = ol.credit_outlet(block.lines[i], strict=not above_footer)
        if name is None:
            return
        block.reasons[i] = "credit"
        found.credit = found.credit or name


def _removed(blocks: list[_Block]) -> list[Removed]:
    """Removed pieces in text order; consecutive lines of one block with one reason stay together."""
    out: list[Removed] = []
    for block in blocks:
        run: list[str] = []
        reason: str | None = None
        for line, r in zip(block.lines, block.reasons):
            if r != reason and run and reason:
                out.append(Removed("\n".join(run), reason))
                run = []
            reason = r
            if r:
                run.append(line)
        if run and reason:
            out.append(Removed("\n".join(run), reason))
    return out
