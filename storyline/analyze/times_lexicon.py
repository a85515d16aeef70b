"""Word tables and regex fragments for the time tagger (compiled once, shared by times.py)."""

from __future__ import annotations

import re

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4, "saturday": 5, "sat": 5,
    "sunday": 6, "sun": 6,
}
SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI"}
ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "last": -1, "final": -1,
}
UNITS = {
    "second": "S", "minute": "MIN", "hour": "H", "day": "D", "night": "D", "week": "W", "weekend": "WE",
    "fortnight": "FN", "month": "M", "quarter": "Q", "year": "Y", "decade": "DE", "century": "CE",
}
SMALL = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
VAGUE = ("a few", "a couple of", "several", "few", "some", "many", "numerous", "a number of", "a dozen",
         "dozens of", "hundreds of", "thousands of", "couple of")

_COUNTED = {"a couple of": 2, "couple of": 2, "a dozen": 12}

# --- regex fragments ----------------------------------------------------------------------------

_W = r"(?<![\w$£€.,-])"  # left word boundary that also refuses money and number continuations
MONTH_RE = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
            r"|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|Oct\.?|Nov\.?|Dec\.?)")
WEEKDAY_RE = (r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
              r"|Mon\.|Tue\.|Tues\.|Wed\.|Thu\.|Thur\.|Thurs\.|Fri\.|Sat\.|Sun\.)")
_SMALL_RE = "|".join(sorted(SMALL, key=len, reverse=True))
_TENS_RE = "|".join(TENS)
WORDNUM_RE = rf"(?:(?:{_TENS_RE})(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|{_SMALL_RE})"
_VAGUE_RE = "|".join(re.escape(v) for v in sorted(VAGUE, key=len, reverse=True))
NUM_RE = rf"(?:\d+(?:\.\d+)?(?: 1/2)?|{WORDNUM_RE}(?: and a half)?|{_VAGUE_RE}|an?)"
UNIT_RE = r"(?:seconds?|minutes?|hours?|days?|nights?|weeks?|weekends?|fortnights?|months?|quarters?|years?|decades?|centur(?:y|ies))"
DAY_RE = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
YEAR_RE = r"(?:1[6-9]\d\d|20\d\d)"
PART_RE = r"(?:morning|afternoon|evening|night|overnight)"
SEASON_RE = r"(?:spring|summer|fall|autumn|winter)"
ORD_RE = r"(?:first|second|third|fourth|last|final)"


def number_value(words: str) -> float | None:
    """Numeric value of a number phrase ('two', 'twenty-five', '5 1/2', '3.5'); None when vague."""
    w = words.lower().strip()
    half = 0.0
    if w.endswith(" 1/2"):
        w, half = w[:-4], 0.5
    if w.endswith(" and a half"):
        w, half = w[: -len(" and a half")], 0.5
    if w in ("a", "an"):
        return 1 + half
    if w in _COUNTED:
        return _COUNTED[w]
    try:
        return float(w) + half
    except ValueError:
        pass
    if w in SMALL:
        return SMALL[w] + half
    parts = re.split(r"[- ]", w)
    if parts[0] in TENS:
        total = TENS[parts[0]] + (SMALL.get(parts[1], 0) if len(parts) > 1 else 0)
        return total + half
    return None


def unit_code(word: str) -> str:
    """The unit key of a unit word ('years' -> 'Y', 'centuries' -> 'CE')."""
    w = word.lower()
    if w.startswith("centur"):
        return "CE"
    return UNITS[w[:-1] if w.endswith("s") and w[:-1] in UNITS else w]


def month_number(word: str) -> int:
    """1-12 for a month name or abbreviation ('Sept.' -> 9)."""
    return MONTHS[word.lower().rstrip(".")]


def weekday_number(word: str) -> int:
    """0 (Monday) to 6 for a weekday name or abbreviation."""
    return WEEKDAYS[word.lower().rstrip(".")]
