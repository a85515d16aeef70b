"""Plain dataclasses that flow through the stages. Offsets are Python string indices into Article.text."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class RawDocument:
    """What a reader produced from one source, before cleaning."""

    source: str  # file path or URL it came from (named in errors)
    text: str | None = None  # plain text, when the source was text
    html: str | None = None  # HTML, when the source was a page (readers extract text from it)
    title: str | None = None
    date: str | None = None  # ISO date (YYYY-MM-DD) when known
    url: str | None = None
    site: str | None = None  # site name from metadata
    author: str | None = None
    ext_id: str | None = None  # id given by the source record, if any
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass
class Removed:
    """A piece of the raw text that cleaning removed, and why."""

    text: str
    reason: str  # caption, dateline, footer, promo, copyright, credit, repeated, header


@dataclass
class Entity:
    start: int
    end: int
    text: str
    label: str  # PERSON, ORG, GPE, LOC, NORP, ...
    canonical: str | None = None
    role: str | None = None


@dataclass
class TimeExpr:
    start: int
    end: int
    text: str
    type: str  # DATE, TIME, DURATION, SET
    value: str  # TIMEX3 value


@dataclass
class Quote:
    start: int  # content span
    end: int
    direct: bool
    speaker: str | None = None  # resolved name ('Ned Price') or the mention ('a senior official')
    speaker_start: int | None = None
    speaker_end: int | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    anonymous: bool = False


@dataclass
class Claim:
    """A statement an article makes: subject, relation, object, with polarity and modality."""

    subject: str
    relation: str
    object: str
    start: int  # sentence offsets
    end: int
    polarity: bool = True  # False when negated
    modality: str = "asserted"  # asserted, expected, reported, denied, refused
    time: str | None = None
    attribution: str | None = None
    values: dict[str, str] = field(default_factory=dict)


@dataclass
class Article:
    """A cleaned article. `id` is a hash of its cleaned text, so re-ingesting it is a no-op."""

    id: str
    text: str
    source: str
    title: str | None = None
    date: str | None = None
    url: str | None = None
    outlet: str | None = None  # the outlet that wrote it (original outlet when reprinted)
    publisher: str | None = None  # the site that published it, when different from the outlet
    author: str | None = None
    timezone: str | None = None  # the outlet's time zone when the article states it
    removed: list[Removed] = field(default_factory=list)
    copy_of: str | None = None  # id of the article this is a syndicated near-copy of
    entities: list[Entity] = field(default_factory=list)
    times: list[TimeExpr] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)

    @property
    def site(self) -> str | None:
        """The site that published the article: the publisher of a reprint, else the outlet. Its footers and
        promos are the site's boilerplate, learned per site."""
        return self.publisher or self.outlet

    @property
    def headline(self) -> str:
        """The title, or the first sentence when there is none."""
        if self.title:
            return self.title
        first = self.text.strip().split("\n", 1)[0]
        for stop in (". ", "? ", "! "):
            if stop in first:
                first = first.split(stop, 1)[0] + stop.strip()
                break
        return first[:160]


@dataclass
class Story:
    id: str
    article_ids: list[str]
    headline: str = ""
    outlets: list[str] = field(default_factory=list)
    first_date: str | None = None
    last_date: str | None = None


@dataclass
class Verdict:
    """One aligned claim in a story: which outlets assert it, contradict it, or are silent."""

    claim: str
    verdict: str  # agree, conflict, only_one
    support: dict[str, list[str]] = field(default_factory=dict)  # outlet -> evidence sentences
    contradict: dict[str, list[str]] = field(default_factory=dict)
    silent: list[str] = field(default_factory=list)
