"""Time expressions: find dates, times, durations and sets in a text and give them TIMEX3 values.

A pure-Python rule engine (compiled patterns in times_rules.py, calendar arithmetic in
times_calendar.py). Relative expressions resolve against the publication date; the tense of the
nearest verb decides the direction of a bare weekday or month, and a date already mentioned
anchors anaphoric ones ('that day', 'two days later')."""

from __future__ import annotations

import bisect
import re
from datetime import date
from typing import Iterable, Iterator

from ..model import TimeExpr
from .times_calendar import Point, parse_anchor, tense_cues, tense_direction
from .times_rules import RULES

__all__ = ["tag_times", "tag_times_batch", "event_dates"]

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9])|\n\s*\n|\n(?=[A-Z\"“])")
_ABBREV_END = re.compile(r"(?:\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Mr|Mrs|Ms|Dr|St|Gen|Sen|Rep|Gov|"
                         r"Lt|Col|Sgt|Corp|Inc|Co|Ltd|Jr|Sr|No|U\.S|a\.m|p\.m|[A-Z])\.)$")


_TENSE_REACH = 250  # characters around a match searched for verb cues


class _Context:
    """What the resolvers may consult: the text, the publication day, the sentences, and the
    dates mentioned so far."""

    def __init__(self, text: str, dct: date | None) -> None:
        self.text = text
        self.dct = dct
        self.ref: Point | None = None
        self.ref_pos = -1
        self.quarter: Point | None = None
        self.quarter_pos = -10**9
        self.year: int | None = None  # the year of the last full date ('March 5, 1998', 'July 1997')
        self.year_pos = -10**9
        self.pos = 0
        self._starts: list[int] | None = None
        self._cues: dict[int, list[tuple[int, int, str]]] = {}  # sentence start -> its verb cues

    def remember(self, point: Point) -> None:
        """A date at day, week, month, quarter or year level anchors later anaphoric ones."""
        self.ref, self.ref_pos = point, self.pos
        if point.gran == "Q" and (self.dct is None or point.day <= self.dct):  # not a forecast's quarter
            self.quarter, self.quarter_pos = point, self.pos

    def written_year(self, year: int) -> None:
        self.year, self.year_pos = year, self.pos

    def narrative_year(self, pos: int) -> int | None:
        """The year written out earlier in the same sentence, when it is not the publication year:
        'Talks began on March 5, 1998 and ended on March 9' is March 9, 1998."""
        if self.year is None or (self.dct is not None and self.year == self.dct.year):
            return None
        return self.year if self.year_pos >= self.sentence(pos)[0] else None

    def named_day(self, pos: int) -> date | None:
        """The day last named at day level in the sentence of `pos` or in the sentence before it."""
        start = self.sentence(pos)[0]
        if start:
            start = self.sentence(start - 1)[0]
        return self.ref.day if self.ref is not None and self.ref.gran == "D" and self.ref_pos >= start else None

    def recent_quarter(self, pos: int, window: int = 2000) -> Point | None:
        """The quarter mentioned last, when close enough to be what 'a year ago' compares to."""
        return self.quarter if pos - self.quarter_pos <= window else None

    def sentence(self, pos: int) -> tuple[int, int]:
        if self._starts is None:
            starts = [0]
            for m in _SENTENCE_END.finditer(self.text):
                if not _ABBREV_END.search(self.text[max(0, m.start() - 6):m.start()]):
                    starts.append(m.end())
            self._starts = starts
        i = bisect.bisect_right(self._starts, pos) - 1
        end = self._starts[i + 1] if i + 1 < len(self._starts) else len(self.text)
        return self._starts[i], end

    def direction(self, m: re.Match, present: int = 0) -> int:
        """-1 past, +1 future, 0 unknown, from the verb cue nearest the match in its sentence
        (`present` for a present-tense cue)."""
        s, e = self.sentence(m.start())
        cues = self._cues.get(s)
        if cues is None:  # each sentence is searched for cues once, and only when asked about
            cues = self._cues[s] = tense_cues(self.text, s, e)
        s, e = max(s, m.start() - _TENSE_REACH), min(e, m.end() + _TENSE_REACH)  # run-on text stays linear
        return tense_direction(self.text, cues, s, e, m.start(), m.end(), present)


_WORD = re.compile(r"[a-z]+")
_NUMBER = re.compile(r"\d+")
_RULES_BY_KEY: dict[str, list[int]] = {}
for _i, _rule in enumerate(RULES):
    for _key in _rule.keys:
        _RULES_BY_KEY.setdefault(_key, []).append(_i)
_KEYS = frozenset(_RULES_BY_KEY)


def _key_spans(text: str) -> Iterator[tuple[str, int, int]]:
    """(key, start, end) of every key word in the text ('#' for numbers), found with str.find."""
    low = text.lower()
    if len(low) != len(text):  # 'İ' lowers to two characters: keep offsets aligned
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    for word in _KEYS.intersection(_WORD.findall(low)):
        n = len(word)
        i = low.find(word)
        while i >= 0:
            if (i == 0 or not low[i - 1].isalpha()) and (i + n == len(low) or not low[i + n].isalpha()):
                yield word, i, i + n
            i = low.find(word, i + n)
    for m in _NUMBER.finditer(text):
        yield "#", m.start(), m.end()


def _candidates(text: str, cx: _Context) -> list[tuple[int, int, int, re.Match]]:
    """Every rule match that contains one of the rule's key words, tried in a window around them."""
    windows: dict[int, list[tuple[int, int]]] = {}
    for key, ks, ke in _key_spans(text):
        for i in _RULES_BY_KEY[key]:
            windows.setdefault(i, []).append((ks, ke))
    found = []
    for i, hits in windows.items():
        rule = RULES[i]
        for lo, hi, keys in _merge(hits, len(text), rule.around):
            key_starts = [ks for ks, _ in keys]
            for m in rule.regex.finditer(text, lo, hi):
                k = bisect.bisect_right(key_starts, m.end()) - 1  # the last key word starting in the match
                if m.end() == m.start() or k < 0 or keys[k][1] < m.start():
                    continue
                if rule.check is not None and not rule.check(m, cx):
                    continue
                found.append((m.start(), m.end(), i, m))
    return found


def _merge(hits: list[tuple[int, int]], size: int, around: tuple[int, int]) -> Iterator[tuple[int, int, list]]:
    """Windows reaching `around` characters before and after each key word, overlapping ones merged."""
    left, right = around
    lo, hi, keys = -1, -1, []
    for ks, ke in sorted(hits):
        if lo >= 0 and ks - left <= hi:
            hi = min(size, ke + right)
            keys.append((ks, ke))
            continue
        if lo >= 0:
            yield lo, hi, keys
        lo, hi, keys = max(0, ks - left), min(size, ke + right), [(ks, ke)]
    if lo >= 0:
        yield lo, hi, keys


def _select(found: list[tuple[int, int, int, re.Match]]) -> list[tuple[int, int, int, re.Match]]:
    """Longest matches first, then earlier rules; drop anything overlapping a chosen match."""
    chosen: list[tuple[int, int, int, re.Match]] = []
    starts: list[int] = []  # the chosen spans, disjoint and sorted, as parallel lists
    ends: list[int] = []
    for cand in sorted(found, key=lambda c: (c[0] - c[1], c[2], c[0])):
        s, e = cand[0], cand[1]
        i = bisect.bisect_left(starts, e)  # chosen spans starting before e end at or before s if disjoint
        if i and ends[i - 1] > s:
            continue
        chosen.append(cand)
        starts.insert(i, s)
        ends.insert(i, e)
    return sorted(chosen, key=lambda c: c[0])


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while e > s and text[e - 1] in " ,\n\t":
        e -= 1
    while s < e and text[s] in " \n\t":
        s += 1
    return s, e


def tag_times(text: str, anchor: str | None, tz: str | None = None) -> list[TimeExpr]:
    """Time expressions in `text` with TIMEX3 type and value, resolved against the publication
    date `anchor` (ISO date or TIMEX value; None, or a value that is not a date, leaves relative
    ones as XXXX-style values). `tz` is the outlet's IANA zone: it decides the local day of an
    anchor stamped with a UTC time; an unknown zone is ignored. Never raises on odd text."""
    day = parse_anchor(anchor, tz)
    found = _candidates(text, _Context(text, day))
    while True:  # a resolver may reject a match ('1998 fans'); then a shorter one may take its place
        cx = _Context(text, day)
        out: list[TimeExpr] = []
        rejected: set[int] = set()
        for cand in _select(found):
            s, e, i, m = cand
            cx.pos = s
            result = RULES[i].resolve(m, cx)
            if result is None:
                rejected.add(id(cand))
                continue
            if len(result) == 3:
                s, e = result[2]
            s, e = _trim(text, s, e)
            out.append(TimeExpr(start=s, end=e, text=text[s:e], type=result[0], value=result[1]))
        if not rejected:
            return _second_days(text, out)
        found = [c for c in found if id(c) not in rejected]


_SECOND_DAY = re.compile(r"\s*(?:and|to|through|or|-|–)\s*(\d{1,2})(?!\s*(?:%|percent)|[\d:.,]\d|\w)")


def _second_days(text: str, found: list[TimeExpr]) -> list[TimeExpr]:
    """'April 24 and 25', 'Nov. 29-30': the bare second day is a date of the same month."""
    out = []
    for i, t in enumerate(found):
        out.append(t)
        m = _SECOND_DAY.match(text, t.end)
        if t.type != "DATE" or not re.fullmatch(r"(?:\d{4}|XXXX)-\d\d-\d\d", t.value) or not t.text[-1:].isdigit() or not m:
            continue
        day = int(m.group(1))
        if not int(t.value[-2:]) < day <= 31 or (i + 1 < len(found) and found[i + 1].start < m.end()):
            continue
        out.append(TimeExpr(m.start(1), m.end(1), m.group(1), "DATE", f"{t.value[:8]}{day:02d}"))
    return out


def tag_times_batch(rows: Iterable[tuple[str, str | None, str | None]]) -> Iterator[list[TimeExpr]]:
    """tag_times over (text, anchor, tz) rows, lazily; the patterns are compiled once per process."""
    for text, anchor, tz in rows:
        yield tag_times(text, anchor, tz)


_CALENDAR = re.compile(r"^\d{4}(?:-(?:\d\d(?:-\d\d)?|W\d\d|Q[1-4]|H[12]|SP|SU|FA|WI))?")


def event_dates(times: list[TimeExpr]) -> list[str]:
    """The calendar values among `times` (days, weeks, months, quarters, years; times of day cut to
    their day), sorted and without repeats: the points a story timeline can place."""
    found = set()
    for t in times:
        if t.type not in ("DATE", "TIME"):
            continue
        m = _CALENDAR.match(t.value)
        if m:
            found.add(m.group())
    return sorted(found)
