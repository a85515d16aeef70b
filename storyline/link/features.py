"""Fast story-clustering features of one article: who, where, when and what, without a model.

spaCy NER is too slow for a stream of articles (about 43 docs/s here), so entities are guessed
from capitalised phrases, and time from month/day/year strings and numeric dates. Every feature
is a string key in a namespace ("w" words, "e" entity phrases and name parts, "t" dates and
years, "n" numbers) with a term frequency; weighting by IDF happens in the clusterer.
"""

from __future__ import annotations

import math
import re
import zlib
from dataclasses import dataclass, field

from ..analyze.times_lexicon import MONTHS

STOPWORDS = frozenset(
    """a about above after again against all also am an and any are aren't as at be because been
    before being below between both but by can can't cannot could couldn't did didn't do does doesn't
    doing don't down during each few for from further had hadn't has hasn't have haven't having he
    he'd he'll he's her here here's hers herself him himself his how how's i i'd i'll i'm i've if in
    into is isn't it it's its itself let's me more most mustn't my myself no nor not of off on once
    only or other ought our ours ourselves out over own same shan't she she'd she'll she's should
    shouldn't so some such than that that's the their theirs them themselves then there there's
    these they they'd they'll they're they've this those through to too under until up very was
    wasn't we we'd we'll we're we've were weren't what what's when when's where where's which while
    who who's whom why why's will with won't would wouldn't you you'd you'll you're you've your yours
    yourself yourselves said says say told according also just like may might must new one two
    three first last year years time times people would could now even still many much well back
    since however according made make get got going went see seen told tell including another
    around across per via us mr mrs ms dr st yet already ago among whether within without""".split()
)

WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())

# Words that start a sentence capitalised without naming anything.
_NOT_NAMES = STOPWORDS | WEEKDAYS | frozenset(MONTHS) | frozenset(
    "today yesterday tomorrow tonight earlier later meanwhile officials police authorities".split()
)
_CONNECTORS = frozenset("of de del la le van von al bin da di du".split())

_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’\-]*[A-Za-z]|[A-Za-z]|\d+(?:[.,]\d+)*")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\"“”()\[\]]\s*|\n\s*)$")
# News capitalises month names; a case-sensitive alternation is much faster than IGNORECASE.
_MONTH_NAMES = "|".join(f"{m.title()}|{m.upper()}" for m in sorted(MONTHS, key=len, reverse=True))
_MONTH_DAY = re.compile(
    rf"\b({_MONTH_NAMES})\s*\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:\s*,?\s*((?:19|20)\d\d)\b)?"
)
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH_NAMES})\b\.?(?:\s*,?\s*((?:19|20)\d\d)\b)?")
_MONTH_YEAR = re.compile(rf"\b({_MONTH_NAMES})\s*\.?\s*,?\s+((?:19|20)\d\d)\b")
_NUMERIC_DATE = re.compile(r"\b(\d{1,4})\s*([/.-])\s*(\d{1,2})\s*\2\s*(\d{2,4})\b")
_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")
_WEEKDAY = re.compile(r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")


@dataclass
class DocFeatures:
    """Weighted feature counts of one article, and its near-duplicate sketch."""

    counts: dict[str, float] = field(default_factory=dict)
    sketch: tuple[int, ...] = ()


def stem(word: str) -> str:
    """Crude suffix stripping so 'arrested', 'arrests' and 'arrest' share a feature."""
    if word.endswith(("'s", "’s")):
        word = word[:-2]
    n = len(word)
    if n > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if n > 5 and word.endswith("ing"):
        return word[:-3]
    if n > 4 and word.endswith("ed") and not word.endswith("eed"):
        return word[:-2]
    if n > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _is_cap(tok: str) -> bool:
    return tok[0].isupper()


def _entity_runs(text: str, tokens: list[re.Match]) -> list[list[str]]:
    """Runs of capitalised tokens (with name connectors inside), minus sentence-initial common words."""
    runs: list[list[str]] = []
    run: list[str] = []
    pending: list[str] = []  # connectors seen after a capitalised token
    last_end = 0
    for m in tokens:
        tok = m.group()
        if run and text[last_end : m.start()].strip():  # punctuation ends a name
            runs.append(run)
            run, pending = [], []
        last_end = m.end()
        if tok[0].isalpha() and _is_cap(tok):
            low = tok.lower()
            initial = not run and _SENTENCE_START.search(text, max(0, m.start() - 3), m.start()) is not None
            if initial and low in _NOT_NAMES:
                continue
            if low in STOPWORDS and not initial and not run and len(tok) > 1 and not tok.isupper():
                # 'The' inside a sentence is still a function word
                continue
            if run and pending:
                run.extend(pending)
            pending = []
            run.append(tok)
            continue
        if run and tok.lower() in _CONNECTORS and not pending:
            pending = [tok.lower()]
            continue
        if run:
            runs.append(run)
        run, pending = [], []
    if run:
        runs.append(run)
    return runs


def _normalise_name(tok: str) -> str:
    tok = tok.lower().replace("’", "'")
    if tok.endswith("'s"):
        tok = tok[:-2]
    return tok.strip("'-.")


def _date_keys(text: str, counts: dict[str, float]) -> None:
    """Month/day, month/year and year keys for dates written in the text."""

    def add(key: str, w: float = 1.0) -> None:
        counts[key] = counts.get(key, 0.0) + w

    def add_day(month: int, day: int, year: str | None) -> None:
        if 1 <= day <= 31:
            add(f"t:md:{month}-{day}")
            if year:
                add(f"t:ymd:{year}-{month}-{day}")
                add(f"t:ym:{year}-{month}")

    for m in _MONTH_DAY.finditer(text):
        add_day(MONTHS[m.group(1).lower()], int(m.group(2)), m.group(3))
    for m in _DAY_MONTH.finditer(text):
        add_day(MONTHS[m.group(2).lower()], int(m.group(1)), m.group(3))
    for m in _MONTH_YEAR.finditer(text):
        add(f"t:ym:{m.group(2)}-{MONTHS[m.group(1).lower()]}")
    for m in _NUMERIC_DATE.finditer(text):
        a, b, c = m.group(1), m.group(3), m.group(4)
        if len(a) == 4:  # 2013-05-02
            year, month, day = int(a), int(b), int(c)
        else:  # 05/02/2013 or 02/05/2013: keep both readings when ambiguous
            year = int(c) + (2000 if len(c) == 2 else 0)
            month, day = int(a), int(b)
            if month > 12:
                month, day = day, month
        if 1 <= month <= 12 and 1 <= day <= 31 and 1900 <= year <= 2099:
            add(f"t:md:{month}-{day}")
            add(f"t:ym:{year}-{month}")
            add(f"t:ymd:{year}-{month}-{day}")
    for m in _YEAR.finditer(text):
        add(f"t:y:{m.group(1)}")
    for m in _WEEKDAY.finditer(text):
        add(f"t:wd:{m.group(1).lower()}")


def _sketch(words: list[str], k: int = 12, n: int = 5) -> tuple[int, ...]:
    """Bottom-k hashes of word n-gram shingles: near-identical texts share most of them."""
    if len(words) < n:
        shingles = {" ".join(words)} if words else set()
    else:
        shingles = {" ".join(words[i : i + n]) for i in range(len(words) - n + 1)}
    hashes = sorted([zlib.crc32(s.encode()) for s in shingles])
    return tuple(hashes[:k])


def _first_line(text: str) -> str:
    """The first line when it looks like a headline (short, with more lines after it), else ''."""
    head, sep, _ = text.lstrip().partition("\n")
    return head if sep and 10 <= len(head) <= 160 else ""


def extract(text: str, title: str | None = None, title_weight: float = 2.0) -> DocFeatures:
    """Feature counts of an article (title words count `title_weight` times), and its sketch."""
    counts: dict[str, float] = {}

    def add_text(chunk: str, weight: float) -> list[str]:
        tokens = list(_TOKEN.finditer(chunk))
        words: list[str] = []
        for m in tokens:
            tok = m.group()
            if tok[0].isdigit():
                val = tok.replace(",", "")
                if len(val) >= 2 and not (len(val) == 4 and val[:2] in ("19", "20")):
                    key = "n:" + val
                    counts[key] = counts.get(key, 0.0) + weight
                continue
            low = tok.lower().replace("’", "'")
            words.append(low)
            if len(low) < 3 or low in STOPWORDS:
                continue
            key = "w:" + stem(low)
            counts[key] = counts.get(key, 0.0) + weight
        for run in _entity_runs(chunk, tokens):
            parts = [_normalise_name(t) for t in run]
            names = [p for p in parts if p and p not in _CONNECTORS and p not in _NOT_NAMES]
            if not names:
                continue
            if len(run) > 1:
                key = "e:" + " ".join(parts)
                counts[key] = counts.get(key, 0.0) + weight
            for p in names:
                key = "e1:" + p
                counts[key] = counts.get(key, 0.0) + weight
        _date_keys(chunk, counts)
        return words

    headline = title or _first_line(text)
    if headline:
        for m in _TOKEN.finditer(headline):
            low = m.group().lower()
            if len(low) >= 3 and low not in STOPWORDS and not low[0].isdigit():
                key = "h:" + stem(low)
                counts[key] = counts.get(key, 0.0) + 1.0
    if title:
        add_text(title, title_weight)
    words = add_text(text, 1.0)
    return DocFeatures(counts=counts, sketch=_sketch(words))


def sublinear(counts: dict[str, float]) -> dict[str, float]:
    """1 + log(tf): repeated words count, but less than linearly."""
    return {k: 1.0 + math.log(v) if v >= 1.0 else v for k, v in counts.items()}
