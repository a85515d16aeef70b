"""Calendar arithmetic, TIMEX3 value formatting and tense cues for the time tagger."""

from __future__ import annotations

import bisect
import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Callable

_ANCHOR = re.compile(r"(\d{4})-(\d\d)-(\d\d)(?:T(\d\d)(?::(\d\d))?(?::\d\d(?:\.\d+)?)?(Z|[+-]\d\d:?\d\d)?)?")


def parse_anchor(anchor: str | None, tz: str | None = None) -> date | None:
    """The local calendar day of a publication date ('2021-11-12', '1998-11-20T15:00Z').

    When the anchor carries a UTC offset and the outlet's IANA zone `tz` is known, the day is the
    outlet's local day (an article stamped 23:30Z in Jerusalem was written the next day there)."""
    if not anchor:
        return None
    m = _ANCHOR.match(anchor.strip())
    if not m:
        return None
    try:
        day = date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None
    if tz and m[4] and m[6]:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        offset = "+00:00" if m[6] == "Z" else m[6]
        try:
            stamp = datetime.fromisoformat(f"{m[1]}-{m[2]}-{m[3]}T{m[4]}:{m[5] or '00'}{offset}")
            day = stamp.astimezone(ZoneInfo(tz)).date()
        except (ValueError, ZoneInfoNotFoundError):
            pass
    return day


@dataclass
class Point:
    """A resolved calendar point at some granularity: D day, W week, M month, Q quarter, Y year."""

    day: date  # a representative day inside the period (its first day for W/M/Q/Y)
    gran: str

    def value(self) -> str:
        """The TIMEX3 value at the point's granularity: 2021-11-14, 2021-W45, 2021-11, 2021-Q4, 2021."""
        d = self.day
        if self.gran == "D":
            return d.isoformat()
        if self.gran == "W":
            y, w, _ = d.isocalendar()
            return f"{y}-W{w:02d}"
        if self.gran == "WE":
            y, w, _ = d.isocalendar()
            return f"{y}-W{w:02d}-WE"
        if self.gran == "M":
            return f"{d.year}-{d.month:02d}"
        if self.gran == "Q":
            return f"{d.year}-Q{(d.month - 1) // 3 + 1}"
        if self.gran == "H":
            return f"{d.year}-H{1 if d.month <= 6 else 2}"
        if self.gran == "DE":
            return str(d.year)[:3]
        if self.gran == "CE":
            return str(d.year)[:2]
        return str(d.year)


UNKNOWN = {"D": "XXXX-XX-XX", "W": "XXXX-WXX", "WE": "XXXX-WXX-WE", "M": "XXXX-XX", "Q": "XXXX-QX",
           "H": "XXXX-HX", "Y": "XXXX", "DE": "XXX", "CE": "XX"}


def add_months(d: date, n: int) -> date:
    """d moved by n months, the day clipped to the month's length."""
    y, m = divmod(d.month - 1 + n, 12)
    year = d.year + y
    return date(year, m + 1, min(d.day, calendar.monthrange(year, m + 1)[1]))


def shift(point: Point, n: int, unit: str) -> Point:
    """The point moved by n units (D, W, WE, M, Q, Y, DE, CE), keeping the unit's granularity."""
    d = point.day
    if unit == "D":
        return Point(d + timedelta(days=n), "D")
    if unit in ("W", "WE"):
        return Point(d + timedelta(weeks=n), unit)
    if unit == "M":
        return Point(add_months(d, n), "M")
    if unit == "Q":
        return Point(add_months(d, 3 * n), "Q")
    if unit == "H":
        return Point(add_months(d, 6 * n), "H")
    years = {"Y": 1, "DE": 10, "CE": 100}.get(unit, 1) * n
    try:
        return Point(d.replace(year=d.year + years), unit if unit in ("DE", "CE") else "Y")
    except ValueError:  # 29 February
        return Point(d.replace(year=d.year + years, day=28), "Y")


def weekday_near(ref: date, weekday: int, direction: int) -> date:
    """The given weekday relative to ref: -1 the latest on or before, +1 the next on or after,
    0 the same calendar week. The reference day itself counts when it is that weekday."""
    diff = weekday - ref.weekday()
    if diff == 0:
        return ref
    if direction < 0:
        return ref + timedelta(days=diff if diff < 0 else diff - 7)
    if direction > 0:
        return ref + timedelta(days=diff if diff > 0 else diff + 7)
    return ref + timedelta(days=diff)


def nearest_year(ref: date, month: int, day: int | None, direction: int,
                 day_of: Callable[[int], date] | None = None) -> int:
    """Year of a month (and day) written without one: of last, this and next year, the one
    nearest to ref, where a date on the side the tense points to counts as nearer: three times for
    past tense (a past-tense 'December' in February is last December, but a past-tense 'Jan. 14'
    on Jan. 6 is still this January: '-ed' cues are often wrong), ten times for future tense
    ('will' is reliable: a mission 'in December' announced in March is this December).
    `day_of` gives the day in a year of a date that moves (Easter)."""
    def cost(year: int) -> float:
        try:
            d = day_of(year) if day_of else date(year, month, day or 15)
        except ValueError:
            d = date(year, month, 28)
        diff = (d - ref).days
        if not day:  # a month contains ref when it is ref's month
            diff = 0 if (year, month) == (ref.year, ref.month) else diff
        if direction < 0 and diff > 0:
            return abs(diff) * 3
        if direction > 0 and diff < 0:
            return abs(diff) * 10
        return abs(diff)

    return min((ref.year, ref.year - 1, ref.year + 1), key=cost)


# --- tense: the nearest verb cue in the sentence decides the direction of a relative date ------

# the plain form of a scheduling verb looks ahead ('they meet Monday', 'talks to resume Friday') unless
# a past auxiliary carries the tense ('did not meet Monday')
_BASE_FORMS = ("meet", "begin", "arrive", "resume", "convene", "testify")
_CUES = re.compile(
    r"\b(?:(?P<fut>will|won't|wo n't|shall|'ll|going to|plans? to|planned to|planning|scheduled|expected to|"
    r"expects to|set to|due to|intends? to|hopes? to|aims? to|upcoming|next(?! to)|coming|wants? to|would be|as soon as|effective|as early as|until|"
    r"(?:is|are) to|supposed to|to be held|meets|begins|starts|opens|visits|leaves|arrives|resumes|plays|faces|heads|"
    r"travels|flies|returns|speaks|testifies|votes|hosts|launches|convenes|goes|ends|expires|closes|"
    + "|".join(_BASE_FORMS) + ")"
    r"|(?P<past>was|were|had|did|didn't|said|told|ago|last|earlier|previously|since|took|came|went|began|"
    r"made|gave|got|held|left|met|saw|won|lost|fell|rose|became|brought|thought|found|kept|led|ran|sent|"
    r"spent|stood|wrote|spoke|broke|chose|drove|flew|grew|knew|paid|sold|struck|taught|bought|caught|"
    r"fought|sought|meant|felt|heard|built|drew|threw|wore|woke|shot|slid|swept|won|sank|spread|"
    r"(?!(?:need|indeed|speed|seed|feed|proceed|exceed|succeed|red|bed|hundred|united|based|"
    r"expected|scheduled|planned|related|limited|interested|concerned)\b)[a-z]{3,}ed)"
    r"|(?P<pres>is|are|am|says|say|tells|has|have|does|do)"
    r")\b",
    re.IGNORECASE,
)


_PASSIVE_AUX = re.compile(r"(?:\b(will|'ll|would|shall|to|could|can|may|might|must|should)\s+(?:\w+\s+)?)?"
                          r"\b(be|is|are|been|being|was|were)\s+(?:\w+ly\s+)?$", re.IGNORECASE)
_AUX_TENSE = frozenset(("will", "'ll", "would", "shall", "to"))


_DETERMINER = re.compile(r"\b(?:the|a|an|its|his|her|their|our)\s+$", re.IGNORECASE)
# a plan in the past perfect was overtaken by events: 'had been scheduled to expire Friday'
_PAST_PERFECT = re.compile(r"\bhad\s+(?:\w+ly\s+)?(?:been\s+)?$", re.IGNORECASE)
_DID = re.compile(r"\b(?:did|didn't|did\s+not|never)\s+$", re.IGNORECASE)
_PLAN = frozenset(("scheduled", "expected to", "set to", "due to", "supposed to", "planned to", "planning",
                   "going to"))  # future cues of _CUES that a past perfect turns into past plans
FUTURE, PAST, PRESENT, OPEN = "future", "past", "present", "open"


def tense_cues(text: str, lo: int = 0, hi: int | None = None) -> list[tuple[int, int, str]]:
    """(start, end, tense) of every verb cue in text[lo:hi]. A participle takes the tense of its
    auxiliary: 'will be held' is future, 'is held' present, 'could be found' open."""
    cues = []
    for m in _CUES.finditer(text, lo, len(text) if hi is None else hi):
        tense = {"fut": FUTURE, "past": PAST}.get(m.lastgroup, PRESENT)
        if m.group() == "Until":
            continue  # a fronted 'Until Thursday, they had not...' tells of a change already made
        if m.group().lower() in _BASE_FORMS and _DID.search(text, max(0, m.start() - 12), m.start()):
            continue
        if tense == FUTURE and re.sub(r"\s+", " ", m.group().lower()) in _PLAN and _PAST_PERFECT.search(
                text, max(0, m.start() - 24), m.start()):
            tense = PAST
        if tense == PAST and _DETERMINER.search(text, max(0, m.start() - 8), m.start()):
            continue  # 'the troubled company': an adjective, not a verb
        if tense == PAST:
            aux = _PASSIVE_AUX.search(text, max(0, m.start() - 30), m.start())
            if aux and aux.group(2).lower() == "be":
                tense = FUTURE if (aux.group(1) or "").lower() in _AUX_TENSE else OPEN
            elif aux and aux.group(2).lower() in ("is", "are"):
                tense = PRESENT
            elif not aux and m.group().endswith("ed") and text.startswith(" by ", m.end()):
                continue  # 'markets untouched by the crisis': a participle describing a noun, not a tense
        cues.append((m.start(), m.end(), tense))
    return cues


def tense_direction(text: str, cues: list[tuple[int, int, str]], lo: int, hi: int, pos: int, end: int,
                    present: int = 0) -> int:
    """-1 when the cue nearest to the span [pos, end), among the cues inside [lo, hi), is past, +1
    when it is future, `present` when it is present tense, 0 when there is none. Cues right before
    the span weigh a little more than cues after it, and a comma between counts as distance."""
    best, best_dist = 0, 10**9
    for k in range(bisect.bisect_left(cues, (lo,)), len(cues)):
        cs, ce, tense = cues[k]
        if ce > hi:
            break
        if pos <= cs < end:
            continue
        if ce <= pos:
            dist, between = pos - ce, text[ce:pos]
        else:
            dist, between = (cs - end) * 1.5, text[end:cs]
        dist += 30 * (between.count(",") + between.count(";"))  # a cue across a comma is another clause
        if dist < best_dist:
            best_dist = dist
            best = {FUTURE: 1, PAST: -1, PRESENT: present}.get(tense, 0)
    return best
