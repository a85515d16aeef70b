"""The time tagger's rules: one compiled pattern per kind of expression, the key words it is tried
around, an optional context-free check, and its resolver (in times_resolve.py).

Spans follow TimeML: a leading 'the' and modifiers ('early', 'mid-', 'more than') belong to the
expression, prepositions ('on', 'in', 'since') do not."""

from __future__ import annotations

import re
from typing import Callable

from .times_lexicon import (
    DAY_RE, MONTHS, MONTH_RE, NUM_RE, PART_RE, SEASON_RE, UNIT_RE, UNITS, WEEKDAY_RE, WEEKDAYS, WORDNUM_RE, YEAR_RE,
)
from .times_holidays import r_holiday
from .times_resolve import (
    capitalized, is_rate, r_adj_duration, r_ago, r_anaphoric, r_bare_plural, r_century, r_clock, r_decade,
    r_duration, r_fraction, r_full_date, r_month, r_month_day, r_month_year, r_numeric_date, r_quarter,
    r_ref,
    r_relative_day, r_relative_unit, r_season, r_set, r_the_quarter, r_the_unit, r_the_year, r_weekday,
    r_weekday_plural, r_weekend, r_word_year, r_year, r_year_end, r_ahead, r_part_of_day,
    r_short_quarter, r_in_the_day, r_period_year_ago, r_week_of,
    r_day_before_weekday,
)

MOD = (r"(?:(?:early|late|earlier|later|sometime|the\s+(?:end|beginning|start|middle|close|turn|rest|remainder)\s+of"
       r"|(?:end|beginning|start|middle)\s+of)\s+|(?:early|late)-|mid-?\s?)?")
APPROX = (r"(?:(?:about|around|nearly|almost|approximately|roughly|more\s+than|less\s+than|fewer\s+than|"
          r"at\s+least|at\s+most|no\s+more\s+than|no\s+less\s+than|up\s+to|at\s+least\s+the)\s+)?")
REL = r"(?:this\s+past|last|next|this|coming|past|previous|following|current|latest)"

_KEY_MACROS = {
    "@MONTHS": tuple(MONTHS), "@WEEKDAYS": tuple(WEEKDAYS),
    "@UNITS": tuple(UNITS) + tuple(u + "s" for u in UNITS) + ("centuries",),
}


class Rule:
    """A named pattern with an optional context-free check and a resolver."""

    def __init__(self, name: str, keys: str, pattern: str, resolve: Callable, check: Callable | None = None,
                 flags: int = re.I, around: tuple[int, int] = (45, 30), tail: str = r"(?![\w]|-\w|/\d|,\d\d\d)"):
        self.name = name
        self.around = around  # how far before and after a key word a match may reach
        # words (lower case, '#' for any number) one of which every match contains: the engine only
        # tries the pattern around those words, which keeps the tagger fast
        self.keys = frozenset(w for k in keys.split() for w in _KEY_MACROS.get(k, (k,)))
        self.regex = re.compile(rf"(?<![\w$£€@#/-]){pattern}{tail}", flags)
        self.resolve = resolve
        self.check = check


def _month_ok(m: re.Match, cx) -> bool:
    """Month names must be capitalized; 'May', 'March' and 'Sun.' stand for other words unless
    a number, a year or a time cue is next to them."""
    mon = m.group("mon")
    if not capitalized(mon):
        return False
    gd = m.groupdict()
    if len(mon) <= 4 and mon.isalpha() and mon not in ("May", "June", "July") and not (gd.get("day") or gd.get("year")):
        return False  # 'Jan Kavan', 'Dec' alone: an abbreviation needs its period or a number
    if mon in ("May", "March", "Mar", "Jan", "Jun", "Sept", "Sep", "Dec") and not (
        (m.groupdict().get("day") or m.groupdict().get("year") or m.groupdict().get("rel")
         or m.groupdict().get("mod"))
    ):
        before = cx.text[max(0, m.start() - 12):m.start()].lower().split()
        return bool(before) and before[-1] in ("in", "since", "until", "till", "by", "of", "through", "from", "to",
                                               "before", "after", "during", "early", "late", "mid", "and", "or")
    return True


_CLOCK = (r"(?P<approx>(?:about|around|approximately|at\s+about)\s+)?"
          r"(?:(?P<h>(?:[01]?\d|2[0-3]))(?::(?P<min>[0-5]\d))?\s*(?P<ampm>[ap]\.\s?m\.|[ap]m\b)"
          r"|(?P<h2>[01]?\d|2[0-3]):(?P<min2>[0-5]\d)(?=\s*(?:[ECMP][SD]?T|GMT|UTC|BST|CET|local time|hours))"
          r"|(?P<h3>[01]\d|2[0-3])(?P<min3>[0-5]\d)(?=\s*(?:GMT|UTC|hours))"
          r"|(?P<word>noon|midday|midnight))"
          r"(?:\s+(?P<tz>[ECMP][SD]?T|GMT|UTC|BST|CET|local\s+time|hours))?"
          r"(?:\s+(?P<morning>in\s+the\s+morning)|\s+(?P<evening>in\s+the\s+(?:evening|afternoon)|at\s+night))?"
          rf"(?:,?\s+(?:on\s+)?(?:(?P<wd>{WEEKDAY_RE})|(?P<rday>today|yesterday|tomorrow)"
          rf"|(?P<mon>{MONTH_RE})\s*(?P<mday>{DAY_RE})))?")

_SETPAT = (rf"(?:(?:every|each)\s+(?:other\s+)?(?:(?P<num>{NUM_RE})\s+)?|(?:per|a)\s+)"
           r"(?P<unit>second|minute|hour|day|night|week|"
           rf"weekend|month|quarter|year|decade)s?(?!\s+(?:ago|earlier|later|before|after))"
           rf"|(?:every|each)\s+(?:(?P<wd>{WEEKDAY_RE})(?:\s+(?P<part>{PART_RE}))?|(?P<mon>{MONTH_RE}))"
           r"|(?P<adv>daily|nightly|weekly|monthly|yearly|annually|hourly|biweekly|semiannually)")


def _set_check(m: re.Match, cx) -> bool:
    """'a year' is a rate only after an amount ('$5 a year', '3% a month')."""
    head = m.group(0).lower()
    if head.startswith("a ") and not m["num"]:
        return is_rate(cx.text, m.start())
    if m["adv"] and m["adv"].lower() in ("daily", "weekly", "monthly", "quarterly"):
        nxt = cx.text[m.end():m.end() + 15]
        return not re.match(r"\s+(?:news|newspaper|paper|journal|magazine|mail|show)", nxt)
    return True


def _season_ok(m: re.Match, cx) -> bool:
    """A season needs 'the', a modifier or a year: 'prices fall', 'the fall of the regime' are not."""
    if m["year"]:
        return True
    if m["season"].lower() in ("fall", "spring") and re.match(r"\s+of\b|\s+in\s+(?:the\s+)?[a-z]+\s+(?:price|rate)",
                                                              cx.text[m.end():m.end() + 30]):
        return False
    return bool(m["the"] or m["the0"] or m["mod"])


def _not_a_title(m: re.Match, cx) -> bool:
    """'This Week' or 'Radio Today' in mid-sentence, all capitalized, names a programme."""
    words = m.group(0).split()
    if not all(w[:1].isupper() for w in words):
        return True
    before = cx.text[max(0, m.start() - 4):m.start()]
    at_start = m.start() == 0 or re.search(r"(?:[.!?:]\s*[\"'“‘(]?\s*|\n\s*)$", before)
    if len(words) == 1:
        prev = re.search(r"(\S+)\s*$", cx.text[max(0, m.start() - 30):m.start()])
        return bool(at_start) or not (prev and prev.group(1)[:1].isupper() and not prev.group(1).endswith((".", ",")))
    return bool(at_start)


def _duration_check(m: re.Match, cx) -> bool:
    """'Five Minutes' (a title), 'a second attempt' (an ordinal), '52 years old' (an age) and 'a
    quarter of the market' (a share) are not durations."""
    unit = m["unit"]
    after = cx.text[m.end():m.end() + 14]
    if re.match(r"\s+old\b|\s+of\s+age\b", after):
        return False
    if unit.lower() in ("quarter", "quarters") and m["num"].lower() in ("a", "one", "three") and re.match(
            r"\s+of\s+(?!a\s+century)", after):
        return False  # 'a quarter of the market': a share
    if unit[0].isupper() and m.start("unit") > 0 and not re.search(
            r"[.!?\n]\s*\S*\s*$", cx.text[max(0, m.start("unit") - 20):m.start("unit")]):
        return False  # capitalised inside a sentence: a title
    if unit.lower() == "second" and m["num"].lower() in ("a", "the", "one"):
        return not re.match(r"\s+[a-z]", cx.text[m.end():m.end() + 2]) or bool(
            re.match(r"\s+(?:later|earlier|ago|before|after|or|and|of|to|in)\b", cx.text[m.end():m.end() + 8]))
    return True


def _not_high_noon(m: re.Match, cx) -> bool:
    return not re.search(r"high\s+$", cx.text[max(0, m.start() - 6):m.start()], re.I)


_WEEKDAY_PREFIX = rf"(?:{WEEKDAY_RE},?\s+)?"
_PLURAL_WEEKDAYS = "mondays tuesdays wednesdays thursdays fridays saturdays sundays"
_DECADE_WORDS = "twenties thirties forties fifties sixties seventies eighties nineties"
_REF_KEYS = ("now currently nowadays days present current presently recently recent lately past previously formerly "
             "future soon coming term later")
_SPOKEN_YEAR = rf"nineteen[- ]{WORDNUM_RE}"  # broadcast transcripts: 'January nineteen ninety-seven'
_HOLIDAY_KEYS = "christmas year thanksgiving independence halloween valentine labor memorial easter election"

# Rule(name, key words, pattern, resolver, check, ...): order breaks ties between equally long matches
RULES: list[Rule] = [
    # calendar dates
    Rule("full_date", "@MONTHS",
         rf"{_WEEKDAY_PREFIX}(?P<mon>{MONTH_RE})\s*(?P<day>{DAY_RE}),?\s+(?P<year>{YEAR_RE})",
         r_full_date, _month_ok, around=(16, 16)),
    Rule("dmy_date", "@MONTHS",
         rf"{_WEEKDAY_PREFIX}(?P<day>{DAY_RE})\s+(?:of\s+)?(?P<mon>{MONTH_RE}),?\s+(?P<year>{YEAR_RE})",
         r_full_date, _month_ok, around=(22, 22)),
    Rule("month_day", "@MONTHS",
         rf"{_WEEKDAY_PREFIX}(?:(?P<rel>last|next)\s+)?(?P<mon>{MONTH_RE})\s*(?P<day>{DAY_RE})"
         r"(?!\s*(?:%|percent|million|billion|:\d))",
         r_month_day, _month_ok, around=(22, 10), tail=r"(?![\w]|-[a-z]|/\d|,\d\d\d)"),
    Rule("day_month", "@MONTHS",
         rf"{_WEEKDAY_PREFIX}(?:the\s+)?(?P<day>{DAY_RE})\s+(?:of\s+)?(?P<mon>{MONTH_RE})",
         r_month_day, _month_ok, around=(22, 8)),
    Rule("iso_date", "#", r"(?P<year>(?:19|20)\d\d)-(?P<mon>0[1-9]|1[0-2])-(?P<day>0[1-9]|[12]\d|3[01])",
         r_numeric_date, around=(8, 8)),
    Rule("us_date", "#", r"(?P<mon>0?[1-9]|1[0-2])/(?P<day>0?[1-9]|[12]\d|3[01])/(?P<year>(?:19|20)\d\d|\d\d)",
         r_numeric_date, around=(8, 8)),
    Rule("month_year", "@MONTHS", rf"{MOD}(?P<mon>{MONTH_RE})(?:\s+of)?,?\s+(?P<year>{YEAR_RE}|{_SPOKEN_YEAR})",
         r_month_year, _month_ok, around=(35, 30)),
    Rule("month", "@MONTHS",
         rf"(?P<mod>{MOD})(?:(?P<rel>last|next|this|coming|past|previous)\s+)?(?P<mon>{MONTH_RE})"
         r"(?:\s+(?P<rel2>this|last|next)\s+year)?",
         r_month, _month_ok, around=(35, 16)),
    Rule("year", "#",
         rf"(?P<mod>{MOD})(?P<pre>(?:(?:fiscal|calendar)(?:\s+year)?|the\s+year|FY|post-|pre-)\s*)?"
         rf"(?P<year>{YEAR_RE})(?!\s*(?:%|percent)|[.,]\d)",
         r_year, around=(35, 6)),
    Rule("word_year", "nineteen thousand",
         rf"(?:the\s+year\s+)?(?P<w>nineteen[- ]{WORDNUM_RE}|two\s+thousand(?:\s+and\s+{WORDNUM_RE})?)",
         r_word_year),
    Rule("decade", "# " + _DECADE_WORDS,
         rf"(?:the\s+)?{MOD}(?:(?P<cent>1[5-9]|20)(?P<dec>\d)0'?s|'(?P<dec2>\d)0s"
         r"|(?P<word>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties))",
         r_decade, around=(35, 6)),
    Rule("century", "century",
         r"(?:the\s+)?(?:early\s+|late\s+|mid-)?(?P<n>\d{1,2}(?:st|nd|rd|th)|first|second|third|fourth|"
         r"fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|eighteenth|nineteenth|twentieth|twenty-first)"
         r"[- ]century",
         r_century),
    # days and parts of days
    Rule("weekday", "@WEEKDAYS",
         rf"(?:(?:[Tt]he\s+(?=(?i:previous|following)))?(?P<rel>(?i:last|next|this|coming|past|previous|following))\s+)?"
         rf"(?P<wd>{WEEKDAY_RE})(?:\s+(?P<part>{PART_RE}))?",
         r_weekday, flags=0, around=(25, 14)),
    Rule("weekday_plural", _PLURAL_WEEKDAYS,
         rf"(?P<wd>(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)s(?:\s+(?P<part>{PART_RE})s?)?",
         r_weekday_plural, flags=0, around=(2, 12)),
    Rule("relative_day", "today tonight yesterday tomorrow morning afternoon evening night",
         r"(?:(?:early|late|earlier|later)\s+)?(?P<w>today|tonight|yesterday|tomorrow|"
         r"this\s+(?:morning|afternoon|evening)|last\s+night)(?:\s+(?P<part>morning|afternoon|evening|night))?",
         r_relative_day, _not_a_title, around=(12, 12)),
    # relative periods and lengths of time
    Rule("relative_unit", "week weekend month year quarter decade century spring summer fall autumn winter",
         rf"{MOD}(?:the\s+)?(?P<rel>{REL})\s+(?P<unit>week|weekend|month|year|quarter|decade|century"
         rf"|fiscal\s+year|{SEASON_RE})(?:\s+or\s+so)?",
         r_relative_unit, _not_a_title, around=(45, 10)),
    Rule("ago", "ago earlier before later after now hence back",
         rf"{APPROX}(?P<num>{NUM_RE})\s+(?:more\s+)?(?P<unit>{UNIT_RE})(?P<half>\s+and\s+a\s+half)?(?:\s+or\s+so)?"
         r"\s+(?P<dir>ago|from\s+now|hence|(?:earlier|before|later|"
         r"after|back)(?!\s+(?:than|the|this|that|his|her|its|their|a|an)\b))",
         r_ago),
    Rule("duration", "@UNITS",
         rf"(?P<approx>{APPROX})(?:the\s+)?(?:(?P<rel>past|last|next|first|coming|previous|final|latest|recent|"
         rf"following|same|remaining|preceding)\s+)?(?P<num>{NUM_RE})(?:\s*(?:to|or|-)\s*(?:\d+|{WORDNUM_RE}))?"
         rf"\s+(?:more\s+|full\s+|straight\s+|consecutive\s+|additional\s+|long\s+|trading\s+|business\s+|"
         r"working\s+)?"
         rf"(?P<unit>{UNIT_RE})(?P<half>\s+and\s+a\s+half)?(?:\s+long|\s+or\s+so)?",
         r_duration, _duration_check),
    Rule("fraction", "century decade year hour",
         r"(?:(?P<q>a\s+quarter(?:\s+of\s+a|-)?|half\s+a|a\s+half-?)\s*)(?P<unit>century|decade|year|hour)",
         r_fraction, around=(20, 4)),
    Rule("adj_duration", "@UNITS",
         rf"(?P<num>\d+|{WORDNUM_RE}|half|several|multi|many)-(?P<unit>second|minute|hour|day|night|week|month|year|"
         r"decade|century)(?:-(?P<long>long|old))?",
         r_adj_duration, around=(14, 10)),
    Rule("long_adj", "long", r"(?P<num>)(?P<unit>days?|weeks?|months?|years?|decades?|centur(?:y|ies))-(?P<long>long)",
         r_adj_duration),
    Rule("bare_plural", "years months weeks days hours decades centuries",
         r"(?:(?P<rel>recent|the\s+past|the\s+coming|coming|the\s+first)\s+)?"
         r"(?P<unit>years|months|weeks|days|hours|decades|centuries)",
         r_bare_plural),
    Rule("set", "@UNITS every each per daily nightly weekly monthly yearly annually hourly quarterly biweekly "
         "semiannually", _SETPAT, r_set, _set_check),
    # quarters and halves
    Rule("quarter", "quarter half",
         rf"(?:(?:the\s+)?(?P<yr>(?:this|last|next)\s+year's|{YEAR_RE}(?:'s)?)\s+)?(?P<the>the\s+)?"
         r"(?P<ago>(?:comparable\s+|same\s+|corresponding\s+)?(?:year-ago|year-earlier|prior-year|last-year)\s+)?"
         r"(?:(?:fiscal|calendar)[- ]?)?(?P<ord>first|second|third|fourth|final|1st|2nd|3rd|4th)(?P<hyph>[- ])"
         r"(?:(?:fiscal|calendar)[- ])?(?P<kind>quarter|half)"
         rf"(?:\s+of\s+(?P<year2>{YEAR_RE}|this\s+year|last\s+year|next\s+year|the\s+year))?",
         r_quarter, around=(40, 35)),
    Rule("short_quarter", "q h", rf"(?P<kind>[QH])(?P<ord>[1-4])(?:\s+(?P<year2>{YEAR_RE}))?", r_short_quarter,
         flags=0, around=(2, 8)),
    Rule("the_quarter", "quarter period",
         rf"(?:the|that)\s+(?:(?P<year>{YEAR_RE})\s+)?(?P<qual>(?:latest|current|recent|most\s+recent|previous|same|"
         r"comparable|year-ago|year-earlier|prior-year|fiscal|just-ended|just-completed)\s+)?(?:year's\s+)?"
         r"(?P<unit>quarter|period)",
         r_the_quarter, around=(35, 4)),
    Rule("period_year_ago", "quarter period",
         r"(?:the\s+(?:(?:corresponding|same|comparable)\s+)?(?P<unit>quarter|period)\s+(?:of\s+)?"
         r"(?:last\s+year|a\s+year\s+(?:ago|earlier))|last\s+year's\s+(?:quarter|period))",
         r_period_year_ago, around=(30, 22)),
    Rule("year_ago_adj", "ago earlier prior", r"(?:year-(?:ago|earlier)|prior-year)", r_period_year_ago, around=(8, 4)),
    # vague references, clock times, anaphora, seasons, holidays
    Rule("ref", _REF_KEYS,
         r"(?P<w>now|currently|nowadays|these\s+days|at\s+present|the\s+present|right\s+now|current|presently|"
         r"recently|recent|lately|the\s+past|formerly|the\s+(?:near\s+|distant\s+)?future|"
         r"the\s+coming\s+(?:days|weeks|months|years)|the\s+(?:near|short|long)\s+term|a\s+later\s+date)",
         r_ref, around=(18, 12)),
    Rule("clock", "# noon midday midnight", _CLOCK, r_clock, _not_high_noon, around=(30, 35)),
    Rule("anaphoric", "day week month year morning afternoon evening night",
         r"(?:(?:earlier|later|late|early)\s+)?(?:(?:that|the\s+same|that\s+same)\s+|the\s+(?P<rel>next|"
         r"following|previous|preceding)\s+)(?P<unit>day|week|month|year|morning|afternoon|evening|night)",
         r_anaphoric),
    Rule("day_before", "day", r"the\s+(?P<unit>day)\s+(?P<rel>before|after)", r_anaphoric),
    Rule("season", "spring summer fall autumn winter",
         rf"(?P<the0>the\s+)?(?P<mod>{MOD})(?:(?P<the>the)\s+)?(?P<season>{SEASON_RE})"
         rf"(?:\s+(?:of\s+)?(?P<year>{YEAR_RE}|{_SPOKEN_YEAR}))?",
         r_season, _season_ok, around=(40, 32)),
    Rule("the_unit", "end beginning start middle close rest remainder",
         r"(?:the\s+(?:end|beginning|start|middle|close|rest|remainder)\s+of|(?:end|beginning|start)\s+of)"
         r"\s+the\s+(?P<unit>year|month|week|quarter|decade)",
         r_the_unit),
    Rule("day_before_weekday", "day",
         rf"(?:the\s+)?day\s+(?P<side>before|after)\s+(?:(?P<rel>last|next|this)\s+)?(?P<wd>{WEEKDAY_RE})\b(?P<part>)",
         r_day_before_weekday, around=(5, 32)),
    Rule("week_of", "week", rf"the\s+week\s+of\s+(?P<mon>{MONTH_RE})\s*(?P<day>{DAY_RE})\b", r_week_of, _month_ok,
         around=(6, 30)),
    Rule("the_year", "year week",
         r"the\s+(?:(?:full|fiscal|calendar|entire|whole)\s+)?(?P<unit>year|week)"
         r"(?![- ](?:ago|earlier|before|after|two|thousand))(?P<ended>\s+(?:ended|ending|that\s+ended|to\s+date))?",
         r_the_year, around=(30, 20)),
    Rule("year_end", "year end", r"(?P<since>since\s+)?(?:(?:around|about)\s+)?(?:year[- ]end|year's\s+end)",
         r_year_end, around=(20, 6)),
    Rule("ahead", "ahead", r"the\s+(?P<unit>days|weeks|months|years)\s+ahead", r_ahead, around=(20, 4)),
    Rule("in_the_day", "day week month year", r"(?:earlier|later|early|late)\s+in\s+(?P<the>the\s+(?P<unit>day|week|month|year))",
         r_in_the_day, around=(20, 4)),
    Rule("part_of_day", "morning afternoon evening", r"(?<=\bin\s)the\s+(?P<part>morning|afternoon|evening)",
         r_part_of_day, around=(6, 4)),
    Rule("modified_part_of_day", "morning afternoon evening",
         r"(?:mid-?\s?|early\s+|late\s+)(?P<part>morning|afternoon|evening)(?:\s+(?P<rday>today|yesterday|tomorrow))?",
         r_part_of_day, around=(10, 12)),
    Rule("weekend", "weekend", r"(?:(?:early|late)\s+)?the\s+weekend", r_weekend),
    Rule("holiday", _HOLIDAY_KEYS,
         r"(?:(?P<rel>last|next|this|coming)\s+)?(?P<h>Christmas(?:\s+(?:Day|Eve))?|New\s+Year['’]s\s+(?:Day|Eve)|"
         r"Independence\s+Day|Halloween|Valentine['’]s\s+Day|Thanksgiving(?:\s+Day)?|Labor\s+Day|Memorial\s+Day|"
         r"Election\s+Day|"
         r"Easter(?:\s+Sunday)?)(?P<week>\s+week)?",
         r_holiday),
]
