"""Rules that recognise non-article lines (captions, datelines, footers, promos, copyright) and
the keys by which an outlet's repeated paragraphs are learned. Pure functions, patterns compiled once."""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from typing import Iterable, Sequence

from ..analyze.times_lexicon import MONTHS

# A paragraph must recur in at least this many otherwise different articles of one outlet before
# it is treated as that outlet's boilerplate. Updates of one article share most paragraphs, so
# articles whose other paragraphs overlap by SAME_ARTICLE_OVERLAP or more count once.
REPEAT_MIN_ARTICLES = 3
SAME_ARTICLE_OVERLAP = 0.5
# A learned repeated paragraph inside the body (not at either edge) is removed only when short:
# long paragraphs in the middle are more likely shared background than a promo.
REPEAT_MAX_BODY_WORDS = 30

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?\s*,?\s*)?"
_TIME = r"(?:\s*(?:,|at|-|–|—|\|)?\s*\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*[A-Z]{2,4}\b)?)?"
_DATE_FORMS = [
    _WEEKDAY + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\s*,?\s*(?P<year>\d{4})",
    _WEEKDAY + r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r"\s*,?\s*(?P<year>\d{4})",
    r"(?P<year>\d{4})-(?P<nmonth>\d{1,2})-(?P<day>\d{1,2})",
    r"(?P<day>\d{1,2})[/.](?P<nmonth>\d{1,2})[/.](?P<year>\d{4})",
]
_STAMP = r"(?:(?:last\s+)?(?:updated|published|posted|modified|first published)(?:\s+on)?\s*:?\s*)"
DATELINE = [
    re.compile(r"^\s*(?P<stamp>" + _STAMP + r")?" + form + _TIME + r"\s*\.?\s*$", re.I)
    for form in _DATE_FORMS
]
STAMP_ONLY = re.compile(r"^\s*" + _STAMP + r"\S.{0,60}$", re.I)

# A caption ends with a short parenthesised credit, e.g. '... in Jerusalem, Oct 12. (GPO)'.
CREDIT_TAIL = re.compile(r"(?P<before>.*?)\s*\((?P<credit>[^()]{2,60})\)\s*$")
PHOTO_WORDS = re.compile(
    r"\b(?:photo|photos|photograph|image|images|getty|shutterstock|pool|file|courtesy|credit|"
    r"handout|screenshot|screengrab|illustration|video)\b",
    re.I,
)
LINK_MARKERS = {"via", "source", "link", "more", "continued", "cont", "video", "watch", "listen"}
CAPTION_START = re.compile(
    r"^\s*[(\[]?(?:(?:file\s+)?(?:photo|photograph|image|picture|video)s?\s*(?::|-|–|—|\bby\b|\bcredit\b|"
    r"\bcourtesy\b|\bvia\b)|file\s+photo\b|pictured\s*:|caption\s*:|top\s+image\s*:|main\s+image\s*:)",
    re.I,
)
_AGENCY = r"(?i:photo|images|getty|shutterstock|pool|afp|epa|reuters|ap|handout)"
CREDIT_ONLY = re.compile(
    r"^\s*\(?(?:[A-Z][\w.'’&-]*\s*){0,3}" + _AGENCY + r"(?:\s*/\s*[\w .'’-]{1,40})?\)?\.?\s*$"
)
PICTURE_WORD = re.compile(r"(?i:photo|image|getty|shutterstock|pool|handout)|/")
# '... in Brownsville, Texas.  John Moore / Getty Images': a photographer / agency credit closing the line.
CREDIT_SLASH_TAIL = re.compile(
    r"[.!?]\s+(?:[A-Z][\w.'’-]*\s+){0,3}[A-Z][\w.'’-]*\s*/\s*(?:[A-Z][\w.'’&-]*\s*){0,2}" + _AGENCY + r"\.?\s*$"
)

SENTENCE_END = re.compile(r"[a-z0-9][.!?][\"”’]?\s+[A-Z]")
CAPTION_MAX_SENTENCES = 2  # a line with more sentence breaks than this is a paragraph, not a caption

_SOCIAL = r"(?:twitter|facebook|instagram|telegram|x|whatsapp|tiktok|youtube|linkedin|threads|bluesky)"
PROMO = [
    re.compile(p, re.I)
    for p in (
        r"\bis keeping you updated\b",
        r"^\W*follow (?:us|[\w.]+(?:\s+[\w.]+){0,3})(?:\s*\(@\w+\))? on " + _SOCIAL + r"\b",
        r"^\s*" + _SOCIAL + r"\s*(?::\s*@\w+\.?)?\s*$",
        r"^\W*subscribe\b",
        r"^\W*sign up (?:for|to)\b",
        r"^\W*(?:read|see) (?:more|also)(?:\s*:|\s*$)",
        r"^\W*(?:see all )?(?:related|recommended|more on this|most read|also read)"
        r"(?:\s+(?:coverage|articles?|stories|content|links|roundup))?(?:\s*:|\s*$)",
        r"\bclick here\b",
        r"^\W*scroll down for (?:the )?videos?\b",
        r"^\W*video (?:is )?loading\b",
        r"^\W*have something to add to this story\b",
        r"^\W*(?:download|get) (?:our|the \w+) app\b",
        r"^\W*join (?:us on|our) \w+",
        r"^\W*like (?:us|the page|our page) on\b",
        r"^\W*(?:share this|share on)\s*:?\s*(?:article|story)?\s*:?\s*$",
        r"^\W*advertisement\s*$",
    )
]
COPYRIGHT = [
    re.compile(p, re.I)
    for p in (
        r"^[\s—–-]*(?:©|\(c\)\s|copyright\b)",
        r"\ball rights reserved\b",
        r"^\s*this (?:material|article) may not be (?:published|reproduced)\b",
    )
]
STAFF_CREDIT = re.compile(
    r"^\s*\(?(?:(?:additional )?reporting|writing|editing|compiled|translated)(?: and \w+)? by\b.{0,160}$", re.I
)
BYLINE = re.compile(
    r"^\s*By\s+(?P<author>[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|de|da|van|von|al|and|&)){0,6})"
    r"(?:\s*[,|—–-]\s*[A-Z][\w .'’&-]{0,50})?\s*$"
)
ABOUT = re.compile(
    r"^\s*About\s+(?:the\s+)?"
    r"(?P<name>[A-Z][\w&'’.-]*(?:\s+(?:[A-Z][\w&'’.-]*|of|the|and|for|al-\w+)){0,5})\s*:?\s*$"
)
ABOUT_AUTHOR = re.compile(r"^\s*About the (?:author|writer)s?\s*:?\s*$", re.I)
PROMO_MAX_CHARS = 300
FOOTER_TAIL_BLOCKS = 3  # an 'About X' heading counts as a footer only this close to the end


def split_blocks(text: str) -> list[list[str]]:
    """Paragraphs as lists of stripped non-empty lines: blank lines separate paragraphs; a text
    without blank lines is one paragraph per line (as many feeds and datasets store it)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if re.search(r"\n[ \t\u00a0]*\n", text):
        chunks = re.split(r"\n[ \t\u00a0]*\n", text)
        blocks = [[ln.strip() for ln in c.split("\n") if ln.strip()] for c in chunks]
    else:
        blocks = [[ln.strip()] for ln in text.split("\n") if ln.strip()]
    return [b for b in blocks if b]


def normalise(text: str) -> str:
    """Lower-case words with digits folded, so '© 2021' and '© 2022' footers share a key."""
    words = re.findall(r"\w+", text.lower().replace("’", "'"))
    return " ".join(re.sub(r"\d", "0", w) for w in words)


def paragraph_key(paragraph: str) -> str:
    """Short stable key of one paragraph, for counting repeats across an outlet's articles."""
    return hashlib.sha1(normalise(paragraph).encode("utf-8")).hexdigest()[:16]


def paragraph_keys(text: str) -> list[str]:
    """Keys of the raw paragraphs of a text (in order, without duplicates); the store counts them per outlet."""
    seen: dict[str, None] = {}
    for block in split_blocks(text):
        para = "\n".join(block)
        if normalise(para):
            seen.setdefault(paragraph_key(para), None)
    return list(seen)


def repeated_keys(articles_keys: Iterable[Sequence[str]], min_articles: int = REPEAT_MIN_ARTICLES) -> set[str]:
    """Keys that occur in at least `min_articles` otherwise different articles of one outlet.
    Articles whose other paragraphs overlap a lot (updates, re-ingested copies) count once."""
    arts = [frozenset(k) for k in articles_keys]
    holders: dict[str, list[int]] = defaultdict(list)
    for i, keys in enumerate(arts):
        for k in keys:
            holders[k].append(i)
    found: set[str] = set()
    for key, idx in holders.items():
        if len(idx) < min_articles:
            continue
        picked: list[frozenset[str]] = []
        for i in idx:
            rest = arts[i] - {key}
            if all(_overlap(rest, p) < SAME_ARTICLE_OVERLAP for p in picked):
                picked.append(rest)
                if len(picked) >= min_articles:
                    found.add(key)
                    break
    return found


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def dateline_date(line: str) -> tuple[str | None, bool] | None:
    """If the line is only a date (optionally 'Updated: ...'), return (ISO date or None, is_update)."""
    for pattern in DATELINE:
        m = pattern.match(line)
        if m:
            g = m.groupdict()
            month = MONTHS[g["month"].lower()] if g.get("month") else int(g["nmonth"])
            day, year = int(g["day"]), int(g["year"])
            iso = f"{year:04d}-{month:02d}-{day:02d}" if 1 <= month <= 12 and 1 <= day <= 31 else None
            stamp = (g.get("stamp") or "").lower()
            return iso, "updated" in stamp or "modified" in stamp
    if STAMP_ONLY.match(line) and re.search(r"\d", line):
        return None, True
    return None


def is_caption(line: str) -> bool:
    """A photo caption: 'Photo: ...', 'File photo ...', a credit-only line, or a descriptive line
    ending in a short parenthesised credit such as '(GPO)' or '(AFP via Getty Images)'."""
    if len(line) > 400 or len(SENTENCE_END.findall(line)) >= CAPTION_MAX_SENTENCES:
        return False
    if CAPTION_START.match(line) or CREDIT_SLASH_TAIL.search(line):
        return True
    if CREDIT_ONLY.match(line):  # a lone 'AFP' is a wire credit, 'AFP PHOTO/X' or 'Getty Images' a picture's
        return bool(PICTURE_WORD.search(line))
    m = CREDIT_TAIL.match(line)
    if not m or not m.group("before"):
        return False
    credit, before = m.group("credit").strip(), m.group("before").rstrip()
    if credit.lower().strip(".") in LINK_MARKERS:
        return False
    if PHOTO_WORDS.search(credit) and len(credit.split()) <= 8:
        return True
    words = credit.replace("/", " ").split()
    capitalised = all(w[:1].isupper() or w in ("via", "and", "of", "&") for w in words)
    return capitalised and len(words) <= 5 and before[-1:] in ".!?" and not re.search(r"\d", credit)


def is_promo(line: str) -> bool:
    """Newsletter, social-media, 'read more' and desk-note promos."""
    return len(line) <= PROMO_MAX_CHARS and any(p.search(line) for p in PROMO)


def is_copyright(line: str) -> bool:
    """Copyright and reproduction notices."""
    return len(line) <= PROMO_MAX_CHARS and any(p.search(line) for p in COPYRIGHT)


def about_heading(line: str) -> str | None:
    """The name in an 'About X' footer heading ('About the author' gives 'the author')."""
    if ABOUT_AUTHOR.match(line):
        return "the author"
    m = ABOUT.match(line)
    return m.group("name").strip() if m else None


def classify_line(line: str) -> str | None:
    """The removal reason for a line that is boilerplate by rule alone, else None."""
    if dateline_date(line) is not None:
        return "dateline"
    if is_copyright(line):
        return "copyright"
    if is_promo(line):
        return "promo"
    if is_caption(line):
        return "caption"
    if STAFF_CREDIT.match(line):
        return "credit"
    if BYLINE.match(line):
        return "header"
    return None


def byline_author(line: str) -> str | None:
    """The author named by a byline such as 'By Vera Kallis, Pellamar Post'."""
    m = BYLINE.match(line)
    return m.group("author").strip() if m else None
