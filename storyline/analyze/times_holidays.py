"""Holidays for the time tagger: the day a named holiday falls on in a given year, and the resolver
that picks the year from the publication date and the tense ('last Christmas', 'on Easter')."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Callable

from .times_calendar import Point, nearest_year
from .times_resolve import Result


def _easter(year: int) -> date:
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    leap = (32 + 2 * e + 2 * i - h - k) % 7
    mm = (a + 11 * h + 22 * leap) // 451
    month, day = divmod(h + leap - 7 * mm + 114, 31)
    return date(year, month, day + 1)


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    first = date(year, month, 1)
    day = first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    if n < 0:
        last = date(year, month + 1, 1) - timedelta(days=1) if month < 12 else date(year, 12, 31)
        day = last - timedelta(days=(last.weekday() - weekday) % 7)
    return day


_HOLIDAYS: dict[str, Callable[[int], date]] = {
    "christmas": lambda y: date(y, 12, 25), "christmas day": lambda y: date(y, 12, 25),
    "christmas eve": lambda y: date(y, 12, 24), "new year's day": lambda y: date(y, 1, 1),
    "new year's eve": lambda y: date(y, 12, 31), "independence day": lambda y: date(y, 7, 4),
    "halloween": lambda y: date(y, 10, 31), "valentine's day": lambda y: date(y, 2, 14),
    "thanksgiving": lambda y: _nth_weekday(y, 11, 3, 4), "thanksgiving day": lambda y: _nth_weekday(y, 11, 3, 4),
    "labor day": lambda y: _nth_weekday(y, 9, 0, 1), "memorial day": lambda y: _nth_weekday(y, 5, 0, -1),
    "election day": lambda y: _nth_weekday(y, 11, 0, 1) + timedelta(days=1),  # the Tuesday after the first Monday
    "easter": _easter, "easter sunday": _easter,
}


def r_holiday(m: re.Match, cx) -> Result:
    name = re.sub(r"\s+", " ", m["h"].lower()).replace("’", "'")
    if cx.dct is None:
        return "DATE", "XXXX-XX-XX"
    rel = (m["rel"] or "").lower()
    year = cx.dct.year
    day = _HOLIDAYS[name](year)
    if not rel:  # the year as for a month and day written without one: near, and on the tense's side
        day = _HOLIDAYS[name](nearest_year(cx.dct, day.month, day.day, cx.direction(m), _HOLIDAYS[name]))
    elif rel == "last" and day > cx.dct:
        day = _HOLIDAYS[name](year - 1)
    elif rel != "last" and day < cx.dct:
        day = _HOLIDAYS[name](year + 1)
    if m["week"]:  # 'Easter week': the week that holds the day
        return "DATE", Point(day, "W").value()
    return "DATE", day.isoformat()
