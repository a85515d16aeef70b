"""Resolvers of the time tagger: from a pattern match and the document context to a TIMEX3 type
and value (or None when the match turns out not to be a time expression: '1998 fans').

A resolver may also return a narrower span as a third item ('the third-quarter loss' keeps
'third-quarter'). The context gives the publication day (`dct`), the tense around a match
(`direction`) and the dates mentioned so far (`ref`, `recent_quarter`, `narrative_year`)."""

from __future__ import annotations

import re
from datetime import date, timedelta

from .times_calendar import UNKNOWN, Point, nearest_year, shift, weekday_near
from .times_lexicon import (
    MONTH_RE, MONTHS, ORDINALS, PARTS_OF_DAY, SEASONS, month_number, number_value, unit_code, weekday_number,
)

Result = tuple[str, str] | tuple[str, str, tuple[int, int]] | None  # type, value[, narrower span]

_DUR_CODE = {"S": "S", "MIN": "M", "H": "H", "D": "D", "W": "W", "WE": "WE", "FN": "W", "M": "M",
             "Q": "Q", "Y": "Y", "DE": "Y", "CE": "Y"}
_DUR_MULT = {"FN": 2, "DE": 10, "CE": 100}
_SMALLER = {"Y": ("M", 12), "M": ("D", 30), "W": ("D", 7), "D": ("H", 24), "H": ("M", 60), "MIN": ("S", 60)}
_SET_UNIT = {"daily": "P1D", "nightly": "P1D", "weekly": "P1W", "monthly": "P1M", "yearly": "P1Y",
             "annually": "P1Y", "annual": "P1Y", "hourly": "PT1H", "quarterly": "P1Q", "biweekly": "P2W",
             "semiannually": "P6M", "weekdays": "XXXX-WXX-WD", "weeknights": "XXXX-WXX-WDTNI"}


def duration_value(num: float | None, unit: str) -> str:
    """TIMEX3 duration: (2, 'Y') -> P2Y, (None, 'D') -> PXD, (1.5, 'H') -> PT1H30M, decades as years."""
    code = _DUR_CODE[unit]
    time_unit = unit in ("S", "MIN", "H")
    prefix = "PT" if time_unit else "P"
    if num is None:
        return f"{prefix}X{code}"
    num *= _DUR_MULT.get(unit, 1)
    if num != int(num) and unit in _SMALLER:
        whole, rest = int(num), num - int(num)
        small, factor = _SMALLER[unit]
        part = f"{round(rest * factor)}{small}"
        if time_unit or small != "H":
            return f"{prefix}{whole}{code}{part}" if whole else f"{prefix}{part}"
        return f"P{whole}{code}T{part}" if whole else f"PT{part}"
    if unit == "WE":
        return f"P{int(num) * 2}D"
    return f"{prefix}{int(num)}{code}"


_NOT_PLURAL = frozenset("was is has this its his as less plus across perhaps always does yes us thus unless "
                        "whereas news series species gas bus".split())
_RATE_WORDS = frozenset("million billion thousand hundred cent cents dollar dollars percent times once twice".split())


def is_rate(text: str, start: int) -> bool:
    """'a year' at `start` is a rate (a SET) after an amount: '$5 a year', '3% a month',
    '700 seats a week', 'twice a day'; not after a preposition or a verb ('for a year')."""
    prev = re.search(r"([\w$%.,']+)[\s,]*$", text[max(0, start - 30):start])
    if not prev:
        return False
    word = prev.group(1).lower().rstrip(".,")
    if word[:1].isdigit() or word.startswith("$") or word.endswith("%") or word in _RATE_WORDS:
        return True
    return len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "'s")) and word not in _NOT_PLURAL


_AMOUNT_BEFORE = re.compile(r"(?:[\d$%]\S*|(?:million|billion|thousand|hundred|percent))"
                            r"(?:\s+[a-z]+s)?[\s,]*$", re.IGNORECASE)


def _after_amount(text: str, start: int) -> bool:
    """'grow 7% annually', '10,000 units annually': an adverb of frequency right after an amount
    (and its counted noun) gives the rate of that amount."""
    return bool(_AMOUNT_BEFORE.search(text, max(0, start - 30), start))


def capitalized(word: str | None) -> bool:
    """True when the word starts with a capital ('Friday', not 'friday'; 'May', not 'may')."""
    return bool(word) and word[0].isupper()


def _day(cx, m: re.Match, year: int, month: int, day: int) -> Result:
    try:
        point = Point(date(year, month, day), "D")
    except ValueError:  # 'February 30': not a date
        return None
    cx.remember(point)
    return "DATE", point.value()


def _int_day(text: str) -> int:
    return int(re.match(r"\d+", text).group())


def r_full_date(m: re.Match, cx) -> Result:
    cx.written_year(int(m["year"]))
    return _day(cx, m, int(m["year"]), month_number(m["mon"]), _int_day(m["day"]))


def r_month_day(m: re.Match, cx) -> Result:
    month, day = month_number(m["mon"]), _int_day(m["day"])
    score = re.match(r"-(\d+)", cx.text[m.end():m.end() + 4])
    if score and int(score.group(1)) <= day:
        return None  # 'May 3-2': a score, where 'Nov. 29-30' is a range of days
    rel = (m.groupdict().get("rel") or "").lower()
    year = cx.narrative_year(m.start()) if cx.direction(m) <= 0 and not rel else None
    if year is None and cx.dct is None:
        return "DATE", f"XXXX-{month:02d}-{day:02d}"
    if rel:  # 'last Oct. 23': the latest Oct. 23 before publication; 'next March 5' the first after
        year = cx.dct.year - (rel == "last") + (rel == "next")
        if (rel == "last" and (month, day) < (cx.dct.month, cx.dct.day)) or (
                rel == "next" and (month, day) > (cx.dct.month, cx.dct.day)):
            year = cx.dct.year
    if year is None:
        year = nearest_year(cx.dct, month, day, cx.direction(m))
    return _day(cx, m, year, month, day)


def r_week_of(m: re.Match, cx) -> Result:
    """'the week of March 6': the ISO week holding that day."""
    month, day = month_number(m["mon"]), _int_day(m["day"])
    if cx.dct is None:
        return "DATE", "XXXX-WXX"
    year = cx.narrative_year(m.start()) or nearest_year(cx.dct, month, day, cx.direction(m))
    try:
        point = Point(date(year, month, day), "W")
    except ValueError:
        return None
    cx.remember(point)
    return "DATE", point.value()


def r_numeric_date(m: re.Match, cx) -> Result:
    year = int(m["year"])
    if year < 100:
        year += 1900 if year > 40 else 2000
    return _day(cx, m, year, int(m["mon"]), int(m["day"]))


def _year_number(written: str) -> int | None:
    """1998 for '1998' or 'nineteen ninety-eight'."""
    if written[:1].isdigit():
        return int(written)
    rest = number_value(written[len("nineteen") + 1:].replace("-", " "))
    return None if rest is None or not 10 <= rest < 100 else 1900 + int(rest)


def r_month_year(m: re.Match, cx) -> Result:
    year = _year_number(m["year"])
    if year is None:
        return None
    cx.written_year(year)
    point = Point(date(year, month_number(m["mon"]), 1), "M")
    cx.remember(point)
    return "DATE", point.value()


def r_month(m: re.Match, cx) -> Result:
    month = month_number(m["mon"])
    rel = (m["rel"] or "").lower()
    year = cx.narrative_year(m.start()) if not rel and not m["rel2"] and cx.direction(m) <= 0 else None
    if year is not None:
        point = Point(date(year, month, 1), "M")
        cx.remember(point)
        return "DATE", point.value()
    if cx.dct is None:
        return "DATE", f"XXXX-{month:02d}"
    if m["rel2"]:
        year = cx.dct.year + {"this": 0, "last": -1, "next": 1}[m["rel2"].lower()]
        point = Point(date(year, month, 1), "M")
        cx.remember(point)
        return "DATE", point.value()
    direction = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1}.get(rel)
    if direction is None:
        direction = cx.direction(m)
    year = cx.dct.year if rel == "this" else nearest_year(cx.dct, month, None, direction)
    if rel in ("last", "past", "previous") and month >= cx.dct.month:
        year = cx.dct.year - 1
    if rel in ("next", "coming") and month <= cx.dct.month:
        year = cx.dct.year + 1
    point = Point(date(year, month, 1), "M")
    cx.remember(point)
    return "DATE", point.value()


_COUNTED_AFTER = re.compile(r"\s*(?:%|percent|people|shares|units|votes|points|feet|foot|meters|miles|tons|"
                            r"troops|dollars|yen|marks|cases|times|members|jobs|rooms|acres|pounds|kilometers|km|mph)\b")
_NUMBERED_BEFORE = re.compile(r"(?:no\.|number|route|page|room|flight|\$|€|£|rs\.?|p\.)\s*$")
_YEAR_NAME_OK = frozenset(
    "in since by until till before after during from through throughout of for early late mid around about "
    "circa summer spring fall autumn winter christmas easter fiscal calendar year the and or to until than "
    "until also only even not but as at on last next this that a an its his her their our every each".split()
) | frozenset(MONTHS)
_YEAR_BEFORE = re.compile(r"\b(?:in|since|by|until|of|the|from|to|before|after|during|for|its|their|his|her|that|"
                          r"this|'s)\s*$")


def r_year(m: re.Match, cx) -> Result:
    year = int(m["year"])
    if not m["mod"] and not m["pre"]:
        after = cx.text[m.end():m.end() + 14].lower()
        before = cx.text[max(0, m.start() - 12):m.start()].lower()
        if _COUNTED_AFTER.match(after) or _NUMBERED_BEFORE.search(before):
            return None  # '1998 shares', 'flight 1998'
        name = re.search(r"\b([A-Z][a-z]*)\s$", cx.text[max(0, m.start() - 16):m.start()])
        at = m.start() - len(name.group(0)) if name else 0
        first = name and (at == 0 or re.search(r"[.!?:\n][\"”'’)]*[\s\"“'‘(]*$", cx.text[max(0, at - 8):at]))
        if name and not first and name.group(1).lower() not in _YEAR_NAME_OK:
            return None  # 'Windows 2000', 'Vision 2030': a name
        noun = re.match(r" ([a-z]+)\b", after)
        plural = noun and len(noun.group(1)) > 3 and noun.group(1).endswith("s") and not noun.group(1).endswith("ss") \
            and noun.group(1) not in _NOT_PLURAL
        if plural and not _YEAR_BEFORE.search(before):
            return None  # '1998 fans cheered': a count, where 'in 1998 fans cheered' is a year
        if cx.dct is not None and year > cx.dct.year + 30:
            return None
    point = Point(date(year, 1, 1), "Y")
    cx.remember(point)
    return "DATE", point.value()


def r_word_year(m: re.Match, cx) -> Result:
    words = m["w"].lower().replace("-", " ").split()
    before = cx.text[max(0, m.start() - 8):m.start()].lower().split()
    if words[0] == "two" and not m.group(0).lower().startswith("the") and not (
            before and before[-1] in ("in", "since", "by", "until", "of", "before", "after")):
        return None  # a count: 'two thousand people'
    if words[0] == "nineteen":
        rest = number_value(" ".join(words[1:]))
        return None if rest is None else ("DATE", str(1900 + int(rest)))
    rest = number_value(" ".join(words[3:])) if len(words) > 3 else 0
    return "DATE", str(2000 + int(rest or 0))


def r_decade(m: re.Match, cx) -> Result:
    if m["cent"]:
        return "DATE", m["cent"] + m["dec"]
    if m["dec2"]:
        return "DATE", ("19" if int(m["dec2"]) >= 2 else "20") + m["dec2"]
    tens = {"twenties": "2", "thirties": "3", "forties": "4", "fifties": "5", "sixties": "6", "seventies": "7",
            "eighties": "8", "nineties": "9"}[m["word"].lower()]
    return "DATE", "19" + tens


def r_century(m: re.Match, cx) -> Result:
    n = m["n"].lower()
    num = int(re.match(r"\d+", n).group()) if n[0].isdigit() else {**ORDINALS, "nineteenth": 19, "twentieth": 20,
                                                                      "twenty-first": 21, "eighteenth": 18}.get(n)
    if not num or num < 1:
        return None
    return "DATE", f"{num - 1:02d}"


def _part_suffix(part: str | None) -> str:
    return f"T{PARTS_OF_DAY[part.lower()]}" if part else ""


def r_weekday(m: re.Match, cx) -> Result:
    if not capitalized(m["wd"]):
        return None
    weekday = weekday_number(m["wd"])
    rel = (m["rel"] or "").lower()
    # 'Friday night' is valued as the day itself (the majority convention of the TimeBank and
    # AQUAINT newswire); mornings, afternoons and evenings keep their part of day
    part = m["part"] if m["part"] and m["part"].lower() != "night" else None
    suffix = _part_suffix(part)
    kind = "TIME" if suffix else "DATE"
    if cx.dct is None:
        return kind, f"XXXX-WXX-{weekday + 1}{suffix}"
    if rel in ("previous", "following") and m.group()[:3].lower() == "the" and cx.ref is not None \
            and cx.ref.gran == "D":  # 'the previous Friday': the one before the day under discussion
        step = 1 if rel == "following" else -1
        day = weekday_near(cx.ref.day + timedelta(days=step), weekday, step)
    elif rel in ("last", "past", "previous"):
        day = weekday_near(cx.dct - timedelta(days=1), weekday, -1)
    elif rel in ("next", "coming", "following"):
        day = weekday_near(cx.dct + timedelta(days=1), weekday, 1)
    elif rel == "this":
        day = weekday_near(cx.dct, weekday, 0)
    else:
        direction = cx.direction(m)
        day = weekday_near(cx.dct, weekday, direction if direction else -1)
    cx.remember(Point(day, "D"))
    return kind, day.isoformat() + suffix


def r_day_before_weekday(m: re.Match, cx) -> Result:
    """'the day before last Tuesday's hearing': one day either side of the weekday, which resolves
    as on its own."""
    found = r_weekday(m, cx)
    if found is None or not re.fullmatch(r"\d{4}-\d\d-\d\d", found[1]):
        return found
    day = date.fromisoformat(found[1]) + timedelta(days=1 if m["side"].lower() == "after" else -1)
    cx.remember(Point(day, "D"))
    start = m.start() + 4 if m.group().lower().startswith("the") else m.start()
    return "DATE", day.isoformat(), (start, m.end())


_REL_DAY = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}


def r_relative_day(m: re.Match, cx) -> Result:
    word = m["w"].lower().split()
    if word[0] in ("this", "last") or word[0] == "tonight" or m["part"]:
        part = m["part"] or (word[-1] if word[0] in ("this", "last") else "night")
        offset = -1 if word[0] in ("last", "yesterday") else 1 if word[0] == "tomorrow" else 0
        if cx.dct is None:
            return "TIME", "XXXX-XX-XX" + _part_suffix(part)
        return "TIME", (cx.dct + timedelta(days=offset)).isoformat() + _part_suffix(part)
    if cx.dct is None:
        return "DATE", "XXXX-XX-XX"
    day = cx.dct + timedelta(days=_REL_DAY[word[0]])
    cx.remember(Point(day, "D"))
    return "DATE", day.isoformat()


_UNIT_GRAN = {"week": "W", "weekend": "WE", "month": "M", "year": "Y", "quarter": "Q", "decade": "DE",
              "century": "CE", "fiscal year": "Y"}


def _current(d: date, gran: str) -> Point:
    """The period of granularity `gran` that contains day d."""
    if gran == "M":
        d = d.replace(day=1)
    elif gran == "Q":
        d = date(d.year, 3 * ((d.month - 1) // 3) + 1, 1)
    elif gran in ("Y", "DE", "CE"):
        d = date(d.year, 1, 1)
    elif gran == "WE":
        d = d + timedelta(days=5 - d.weekday()) if d.weekday() < 5 else d
    return Point(d, gran)


_SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (1, 2)}


def _season_year(dct: date, season: str, step: int) -> int:
    """Year of 'last summer' (the latest summer over before dct), 'next summer' (the first to
    begin after dct) or 'this summer' (dct's year)."""
    first, last = _SEASON_MONTHS[season]
    if step < 0:
        return dct.year if dct.month > last else dct.year - 1
    if step > 0:
        return dct.year if dct.month < first else dct.year + 1
    return dct.year


_COMPARED = re.compile(r"\b(?:compared\s+(?:with|to)|from|versus|vs\.)\b[^.;]*$", re.IGNORECASE)


def r_relative_unit(m: re.Match, cx) -> Result:
    unit = re.sub(r"\s+", " ", m["unit"].lower())
    rel = m["rel"].lower().split()[-1]
    step = {"last": -1, "past": -1, "previous": -1, "latest": -1, "next": 1, "coming": 1, "following": 1}.get(rel, 0)
    if unit in SEASONS:
        season = SEASONS[unit]
        if cx.dct is None:
            return "DATE", f"XXXX-{season}"
        return "DATE", f"{_season_year(cx.dct, season, step)}-{season}"
    gran = _UNIT_GRAN[unit]
    if cx.dct is None:
        return "DATE", UNKNOWN[gran]
    if rel == "following" and cx.ref is not None:
        base = Point(cx.ref.day, gran)
    else:
        base = _current(cx.dct, gran)
    point = shift(base, step, gran) if step else base
    if gran in ("DE", "CE"):
        return "DATE", point.value()
    if gran == "Y" and step == -1 and _COMPARED.search(cx.text, max(0, m.start() - 90), m.start()):
        last = cx.recent_quarter(m.start(), window=600)
        if last is not None:  # results 'compared with $3 million last year': the quarter a year back
            return "DATE", shift(last, -4, "Q").value()
    cx.remember(point)
    return "DATE", point.value()


def r_ago(m: re.Match, cx) -> Result:
    unit = unit_code(m["unit"])
    num = number_value(m["num"])
    if m["half"] and num is not None:
        num += 0.5
    word = m["dir"].lower()
    sign = -1 if word in ("ago", "earlier", "before", "back", "previously") else 1
    nxt = cx.text[m.end():m.end() + 2]
    if num is None and word == "ago":
        return "DATE", "PAST_REF"
    if num is None or unit in ("S", "MIN", "H") or (word in ("before", "after") and nxt[:1] == " " and nxt[1:].isalnum()):
        # 'two days after the vote', 'a few days later', 'an hour later': the length is the expression
        return "DURATION", duration_value(num, unit), (m.start(), m.end("unit"))
    anchor_ref = word not in ("ago", "from now", "hence", "back") and cx.ref is not None
    if cx.dct is None and not anchor_ref:
        return "DATE", UNKNOWN.get(unit, "XXXX-XX-XX")
    gran = {"FN": "W", "DE": "Y", "CE": "Y"}.get(unit, unit)
    base = cx.ref if anchor_ref else Point(cx.dct, "D")
    if gran == "Y" and num == 1 and cx.recent_quarter(m.start()) is not None:
        base, gran = cx.recent_quarter(m.start()), "Q"
        return "DATE", shift(base, 4 * sign, "Q").value()
    n = num * _DUR_MULT.get(unit, 1)
    if n != int(n) and gran in ("Y", "M", "W"):  # 'a year and a half ago' counts months
        gran, factor = {"Y": ("M", 12), "M": ("D", 30), "W": ("D", 7)}[gran]
        n *= factor
    n = int(round(n))
    if gran == "WE":
        gran = "W"
    point = shift(Point(base.day, gran), sign * n, gran)
    return "DATE", point.value()


def r_duration(m: re.Match, cx) -> Result:
    unit = unit_code(m["unit"])
    num_text = m["num"].lower()
    num = number_value(num_text)
    if m["half"] and num is not None:
        num += 0.5
    if num_text in ("a", "an") and not m["rel"] and not m["approx"] and is_rate(cx.text, m.start()):
        return "SET", duration_value(1, unit)
    if num is not None and (num == 0 or (1800 <= num <= 2100 and num_text.isdigit())):
        return None  # 'the 1988 quarter' is a date, not 1988 quarters
    if num_text == "one" and unit == "D" and m.group().lower() == "one day" and _INDEFINITE_BEFORE.search(
            cx.text, max(0, m.start() - 12), m.start()):
        return "DATE", "FUTURE_REF"  # 'she will one day lead the party': some day, not a day long
    return "DURATION", duration_value(num, unit)


_INDEFINITE_BEFORE = re.compile(r"\b(?:will|would|could|might|may|can|shall|should|must|I|we|you|he|she|they|it)\s+$")


def r_fraction(m: re.Match, cx) -> Result:
    """'a quarter of a century' (P25Y), 'half a year' (P6M), 'a half-hour' (PT30M)."""
    part = 0.25 if "quarter" in m["q"].lower() else 0.5
    return "DURATION", duration_value(part, unit_code(m["unit"]))


def r_adj_duration(m: re.Match, cx) -> Result:
    unit = unit_code(m["unit"])
    text = m["num"].lower()
    num = 0.5 if text == "half" else number_value(text)
    if m["long"] and m["long"].lower() == "old":
        return None  # ages ('a 6-year-old boy') are not time expressions in TimeML
    if m["long"] and not m["num"]:  # 'day-long' lasts a day, 'decades-long' some decades
        num = None if m["unit"].lower().endswith(("s", "ies")) else 1
    return "DURATION", duration_value(num, unit)


def r_bare_plural(m: re.Match, cx) -> Result:
    unit = unit_code(m["unit"])
    if m["rel"]:
        if m["rel"].lower() == "recent" and unit == "Y":
            return "DATE", "PAST_REF"
        return "DURATION", duration_value(None, unit)
    before = cx.text[max(0, m.start() - 10):m.start()].lower().split()
    if before and before[-1] in ("for", "in", "within", "over"):
        return "DURATION", duration_value(None, unit)
    return None


def r_set(m: re.Match, cx) -> Result:
    if m["adv"]:
        if _after_amount(cx.text, m.start()):
            return None  # 'rise 8% annually', '10,000 units annually': the rate of an amount, not a recurrence
        return "SET", _SET_UNIT[m["adv"].lower()]
    if m["wd"]:
        return "SET", f"XXXX-WXX-{weekday_number(m['wd']) + 1}" + _part_suffix(m["part"])
    if m["mon"]:
        return "SET", f"XXXX-{month_number(m['mon']):02d}"
    num = number_value(m["num"]) if m["num"] else 1
    if num is not None and re.search(r"\bother\b", m.group(0), re.I):  # 'every other week'
        num *= 2
    return "SET", duration_value(num, unit_code(m["unit"]))


def r_weekday_plural(m: re.Match, cx) -> Result:
    if not capitalized(m["wd"]):
        return None
    return "SET", f"XXXX-WXX-{weekday_number(m['wd']) + 1}" + _part_suffix(m["part"])


def _quarter_year(m: re.Match, cx, q: int) -> int | None:
    yr = (m["yr"] or m["year2"] or "").lower()
    if re.match(r"\d{4}", yr):
        return int(yr[:4])
    if cx.dct is None:
        return None
    if "last" in yr:
        return cx.dct.year - 1
    if "next" in yr:
        return cx.dct.year + 1
    if "this" in yr or "the" in yr:
        return cx.dct.year
    if m["ago"]:  # 'the year-ago third quarter': that quarter, a year before the one under discussion
        last = cx.recent_quarter(m.start())
        return (last.day.year if last is not None else cx.dct.year) - 1
    start = date(cx.dct.year, 3 * q - 2, 1)
    if start > cx.dct and cx.direction(m) < 0:
        return cx.dct.year - 1
    return cx.dct.year


def r_quarter(m: re.Match, cx) -> Result:
    word = m["ord"].lower()
    q = ORDINALS.get(word) or int(word[0])
    if q == -1:
        q = 4
    half = m["kind"].lower() == "half"
    year = _quarter_year(m, cx, 2 * q - 1 if half else q)
    if half:
        return "DATE", f"{year or 'XXXX'}-H{q}"
    if year is None:
        return "DATE", f"XXXX-Q{q}"
    point = Point(date(year, 3 * q - 2, 1), "Q")
    cx.remember(point)
    if m["the"] and m["hyph"] == "-" and not m["yr"] and not m["ago"]:  # 'the third-quarter loss': 'the' goes with 'loss'
        return "DATE", point.value(), (m.end("the"), m.end())
    return "DATE", point.value()


def r_short_quarter(m: re.Match, cx) -> Result:
    """'Q3', 'Q3 2012', 'H1': quarters and halves as business news writes them."""
    n = int(m["ord"])
    if m["kind"] == "H" and n > 2:
        return None
    year = int(m["year2"]) if m["year2"] else (cx.dct.year if cx.dct else None)
    if m["kind"] == "H":
        return "DATE", f"{year or 'XXXX'}-H{n}"
    if year is None:
        return "DATE", f"XXXX-Q{n}"
    point = Point(date(year, 3 * n - 2, 1), "Q")
    cx.remember(point)
    return "DATE", point.value()


_QUARTER_ENDED = re.compile(rf"\s+(?:ended|ending)\s+(?P<mon>{MONTH_RE})\s*(?P<day>\d{{1,2}})\b")


def _quarter_ended(m: re.Match, cx) -> Point | None:
    """'the quarter ended July 31': the calendar quarter whose last day is nearest the closing date,
    in the latest year that puts it on or before the publication day."""
    e = _QUARTER_ENDED.match(cx.text, m.end())
    if not e or m["unit"].lower() != "quarter":
        return None
    try:
        month, day = month_number(e["mon"]), int(e["day"])
        closing = date(cx.dct.year, month, day)
    except (KeyError, ValueError):
        return None
    if closing > cx.dct:
        closing = date(cx.dct.year - 1, month, min(day, 28 if month == 2 else day))
    q = (month - 1) // 3 + 1 if (month % 3 == 0 or (month % 3 == 2 and day > 15)) else (month - 1) // 3
    year = closing.year
    if q == 0:
        q, year = 4, year - 1
    return Point(date(year, 3 * q - 2, 1), "Q")


def r_the_quarter(m: re.Match, cx) -> Result:
    qual = (m["qual"] or "").lower()
    if cx.dct is None:
        return "DATE", "XXXX-QX"
    last = cx.recent_quarter(m.start())
    if not qual and not m["year"] and last is None:  # a fiscal quarter named earlier keeps its number
        ended = _quarter_ended(m, cx)
        if ended is not None:
            cx.remember(ended)
            return "DATE", ended.value()
    base = last if last is not None and qual.strip() not in ("latest", "most recent", "just-ended", "just-completed") \
        else shift(_current(cx.dct, "Q"), -1, "Q")
    if m["year"]:  # 'the 1988 period': the quarter under discussion, in 1988
        if last is None:
            return "DATE", m["year"]
        return "DATE", f"{m['year']}-Q{(last.day.month - 1) // 3 + 1}"
    if qual.startswith("year") or qual in ("same", "comparable"):
        if m["unit"].lower() == "period" and last is None:
            return "DATE", str(cx.dct.year - 1)
        return "DATE", shift(base, -4, "Q").value()
    if m["unit"].lower() == "period" and last is None and qual.strip() not in ("latest", "most recent"):
        return None  # 'the period' with no quarter in sight
    if qual.strip() in ("latest", "most recent", "just-ended", "just-completed"):
        cx.remember(base)  # 'the latest quarter' is now the one under discussion
    return "DATE", base.value()


def r_period_year_ago(m: re.Match, cx) -> Result:
    """'the corresponding period last year', 'the quarter a year ago', 'last year's quarter', 'year-ago':
    the quarter under discussion, a year back (the year before, when no quarter is in sight)."""
    if cx.dct is None:
        return "DATE", "XXXX"
    last = cx.recent_quarter(m.start())
    if last is not None:
        return "DATE", shift(last, -4, "Q").value()
    return "DATE", str(cx.dct.year - 1)


_REFS = {"now": "PRESENT_REF", "currently": "PRESENT_REF", "nowadays": "PRESENT_REF", "these days": "PRESENT_REF",
         "at present": "PRESENT_REF", "the present": "PRESENT_REF", "right now": "PRESENT_REF",
         "current": "PRESENT_REF", "presently": "PRESENT_REF", "recently": "PAST_REF", "recent": "PAST_REF",
         "lately": "PAST_REF", "the past": "PAST_REF", "previously": "PAST_REF", "formerly": "PAST_REF",
         "the future": "FUTURE_REF", "future": "FUTURE_REF", "soon": "FUTURE_REF", "shortly": "FUTURE_REF",
         "the coming days": "FUTURE_REF", "the coming weeks": "FUTURE_REF", "the coming months": "FUTURE_REF",
         "the coming years": "FUTURE_REF", "the near future": "FUTURE_REF", "the near term": "FUTURE_REF",
         "the short term": "FUTURE_REF", "the long term": "FUTURE_REF",
         "the distant past": "PAST_REF", "once": "PAST_REF", "a later date": "FUTURE_REF"}


def r_ref(m: re.Match, cx) -> Result:
    word = re.sub(r"\s+", " ", m["w"].lower())
    if word in ("current", "future", "recent"):
        nxt = re.match(r"\s+([a-z]+)", cx.text[m.end():m.end() + 20])
        if not nxt or nxt.group(1) in ("account", "accounts", "of", "and", "or", "flows", "flow", "is", "was",
                                       "events", "in", "contracts", "contract", "delivery", "deliveries"):
            return None
    return "DATE", _REFS[word]


def r_clock(m: re.Match, cx) -> Result:
    if m["word"]:
        hour, minute = (24 if m["word"].lower() == "midnight" else 12), 0
    else:
        hour = int(m["h"] or m["h2"] or m["h3"])
        minute = int(m["min"] or m["min2"] or m["min3"] or 0)
    ampm = (m["ampm"] or "").lower().replace(".", "").replace(" ", "")
    if ampm.startswith("p") and hour < 12:
        hour += 12
    if ampm.startswith("a") and hour == 12:
        hour = 0
    if m["morning"]:
        pass
    elif m["evening"] and hour < 12:
        hour += 12
    if hour > 24 or minute > 59:
        return None
    day = _clock_day(m, cx)
    value = (day or "XXXX-XX-XX") + f"T{hour:02d}:{minute:02d}"
    end = m.end()
    if cx.text[end - 2:end] == "m." and re.match(r"\s+[A-Z\"“]|\s*$", cx.text[end:end + 3]):
        return "TIME", value, (m.start(), end - 1)  # the period ends the sentence
    return "TIME", value


_DAY_AFTER_CLOCK = re.compile(r"\s*(?:\([^()]{0,24}\)\s*)?,?\s*(?:on\s+)?(?P<wd>Monday|Tuesday|Wednesday|Thursday|"
                              r"Friday|Saturday|Sunday)\b")


def _clock_day(m: re.Match, cx) -> str | None:
    """The day a clock time falls on: a day written with it ('9 a.m. Tuesday', '10:35 a.m. (0735 GMT)
    Friday'), a date earlier in its sentence, or the publication day."""
    wd = m["wd"]
    if not (wd or m["rday"] or m["mon"]):
        after = _DAY_AFTER_CLOCK.match(cx.text, m.end())
        wd = after.group("wd") if after else None
    if wd and cx.dct is not None:
        direction = cx.direction(m)
        return weekday_near(cx.dct, weekday_number(wd), direction if direction else -1).isoformat()
    if m["rday"] and cx.dct is not None:
        return (cx.dct + timedelta(days=_REL_DAY[m["rday"].lower()])).isoformat()
    if m["mon"] and capitalized(m["mon"]):
        month, day = month_number(m["mon"]), _int_day(m["mday"])
        year = nearest_year(cx.dct, month, day, cx.direction(m)) if cx.dct else None
        return f"{year or 'XXXX'}-{month:02d}-{day:02d}"
    day = cx.named_day(m.start()) or cx.dct
    return day.isoformat() if day else None


def r_anaphoric(m: re.Match, cx) -> Result:
    unit = m["unit"].lower()
    rel = (m["rel"] or "").lower()
    step = 1 if rel in ("next", "following", "after") else -1 if rel in ("previous", "preceding", "before") else 0
    if unit in PARTS_OF_DAY:
        base = cx.ref if cx.ref is not None and cx.ref.gran == "D" else (Point(cx.dct, "D") if cx.dct else None)
        if base is None:
            return "TIME", "XXXX-XX-XX" + _part_suffix(unit)
        return "TIME", (base.day + timedelta(days=step)).isoformat() + _part_suffix(unit)
    gran = {"day": "D", "week": "W", "month": "M", "year": "Y"}[unit]
    base = cx.ref if cx.ref is not None else (Point(cx.dct, "D") if cx.dct else None)
    if base is None:
        return "DATE", UNKNOWN[gran]
    if gran == "D" and base.gran in ("M", "Y"):  # 'that same day' after 'in October': a day of that month
        return "DATE", base.value() + ("-XX" if base.gran == "M" else "-XX-XX")
    point = shift(Point(base.day, gran), step, gran) if step else Point(base.day, gran)
    return "DATE", point.value()


def r_season(m: re.Match, cx) -> Result:
    season = SEASONS[m["season"].lower()]
    year = _year_number(m["year"]) if m["year"] else None
    if year is not None:
        return "DATE", f"{year}-{season}"
    if cx.dct is None:
        return "DATE", f"XXXX-{season}"
    return "DATE", f"{cx.dct.year}-{season}"


def r_the_unit(m: re.Match, cx) -> Result:
    gran = _UNIT_GRAN[m["unit"].lower()]
    if cx.dct is None:
        return "DATE", UNKNOWN[gran]
    return "DATE", _current(cx.dct, gran).value()


def r_the_year(m: re.Match, cx) -> Result:
    if m["ended"]:  # 'the year ended June 30': a twelve-month period, not a calendar year
        return "DURATION", "P1Y", (m.start(), m.end("unit"))
    gran = "W" if m["unit"].lower() == "week" else "Y"
    if cx.dct is None:
        return "DATE", UNKNOWN[gran]
    return "DATE", _current(cx.dct, gran).value()


def r_year_end(m: re.Match, cx) -> Result:
    """'by year-end' is the end of this year; 'since year-end' the end of last year."""
    if cx.dct is None:
        return "DATE", "XXXX"
    start = m.end("since") if m["since"] else m.start()
    return "DATE", str(cx.dct.year - (1 if m["since"] else 0)), (start, m.end())


def r_ahead(m: re.Match, cx) -> Result:
    return "DURATION", duration_value(None, unit_code(m["unit"]))


def r_in_the_day(m: re.Match, cx) -> Result:
    """'later in the day': the day (week, ...) of a date named earlier in the sentence, else of the
    publication day; the span is 'the day'."""
    gran = {"day": "D", "week": "W", "month": "M", "year": "Y"}[m["unit"].lower()]
    same_sentence = cx.ref is not None and cx.ref_pos >= cx.sentence(m.start())[0]
    base = cx.ref.day if same_sentence else cx.dct
    value = Point(base, gran).value() if base else UNKNOWN[gran]
    return "DATE", value, (m.start("the"), m.end())


def r_part_of_day(m: re.Match, cx) -> Result:
    """'in the morning', 'by mid-afternoon': the part of a day named with it ('mid-afternoon yesterday')
    or earlier in the sentence or the one before, else of the publication day."""
    base = cx.named_day(m.start()) or cx.dct  # the narrative goes on: 'It fell Friday. In the morning...'
    if m.groupdict().get("rday") and cx.dct is not None:
        base = cx.dct + timedelta(days=_REL_DAY[m["rday"].lower()])
    return "TIME", (base.isoformat() if base else "XXXX-XX-XX") + _part_suffix(m["part"])


def r_weekend(m: re.Match, cx) -> Result:
    if cx.dct is None:
        return "DATE", "XXXX-WXX-WE"
    d = cx.dct
    if d.weekday() < 5 and cx.direction(m) <= 0:
        d = d - timedelta(days=d.weekday() + 1)
    return "DATE", _current(d, "WE").value()
