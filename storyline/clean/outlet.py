"""Who wrote and who published an article: from site metadata, the URL host, desk notes,
'About X' footers, reprint credit lines and wire datelines; and the time zone an outlet states."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# Well-known hosts whose names cannot be read off the domain; everything else is read generically.
KNOWN_HOSTS = {
    "nytimes.com": "The New York Times",
    "washingtonpost.com": "The Washington Post",
    "wsj.com": "The Wall Street Journal",
    "bbc.co.uk": "BBC",
    "bbc.com": "BBC",
    "cnn.com": "CNN",
    "foxnews.com": "Fox News",
    "huffpost.com": "HuffPost",
    "huffingtonpost.com": "HuffPost",
    "apnews.com": "Associated Press",
    "reuters.com": "Reuters",
    "afp.com": "Agence France-Presse",
    "jpost.com": "The Jerusalem Post",
    "aljazeera.com": "Al Jazeera",
    "theguardian.com": "The Guardian",
    "ft.com": "Financial Times",
}
# Blogging platforms: the outlet is the subdomain, not the platform.
PLATFORMS = {"blogspot", "wordpress", "substack", "medium", "tumblr", "typepad", "livejournal"}
# Wire services and other outlets known by an abbreviation or an upper-case credit.
ALIASES = {
    "ap": "Associated Press",
    "the associated press": "Associated Press",
    "associated press": "Associated Press",
    "afp": "Agence France-Presse",
    "agence france presse": "Agence France-Presse",
    "agence france-presse": "Agence France-Presse",
    "reuters": "Reuters",
    "upi": "UPI",
    "dpa": "dpa",
    "ians": "IANS",
    "bloomberg": "Bloomberg",
    "xinhua": "Xinhua",
    "kyodo": "Kyodo",
    "yonhap": "Yonhap",
    "tass": "TASS",
    "anadolu": "Anadolu Agency",
    "efe": "EFE",
    "ansa": "ANSA",
    "pti": "PTI",
}
# Words that mark a multi-word name as an outlet rather than a person ('Harbor Ledger', 'Press TV').
NEWS_WORDS = set(
    """times post news daily herald tribune journal gazette chronicle observer guardian telegraph
    independent express mail star sun globe wire press review today network media monitor record
    courier dispatch standard mirror examiner insider report bulletin weekly sentinel leader
    mercury register citizen statesman ledger beacon current signal pioneer argus clarion crier
    enquirer advocate tv radio channel agency service online journal magazine""".split()
)
# Words that make up outlet names, for reading a name off a host such as 'dailyharborledger'.
NAME_WORDS = NEWS_WORDS | set(
    """the of and new world national international morning evening sunday city county state local
    free voice digital live nation al middle east west north south harbor harbour valley coast coastal bay
    river port lake mountain island islands capital metro plain plains democrat union israel arab
    america american europe european asia african africa bridge line hub desk point view watch""".split()
)
CONNECTORS = {"of", "the", "and", "for", "al", "el", "de", "&", "on", "in"}

# Time zones named by an outlet ('... is Israeli time'); keys are lower-case demonyms or places.
TIMEZONES = {
    "israeli": "Asia/Jerusalem", "israel": "Asia/Jerusalem", "jerusalem": "Asia/Jerusalem",
    "palestinian": "Asia/Gaza", "lebanese": "Asia/Beirut", "beirut": "Asia/Beirut",
    "syrian": "Asia/Damascus", "jordanian": "Asia/Amman", "iraqi": "Asia/Baghdad",
    "iranian": "Asia/Tehran", "tehran": "Asia/Tehran", "saudi": "Asia/Riyadh",
    "emirati": "Asia/Dubai", "uae": "Asia/Dubai", "gulf": "Asia/Dubai", "qatari": "Asia/Qatar",
    "egyptian": "Africa/Cairo", "cairo": "Africa/Cairo", "turkish": "Europe/Istanbul",
    "greek": "Europe/Athens", "athens": "Europe/Athens", "cypriot": "Asia/Nicosia",
    "british": "Europe/London", "uk": "Europe/London", "london": "Europe/London",
    "irish": "Europe/Dublin", "portuguese": "Europe/Lisbon", "lisbon": "Europe/Lisbon",
    "spanish": "Europe/Madrid", "french": "Europe/Paris", "paris": "Europe/Paris",
    "german": "Europe/Berlin", "berlin": "Europe/Berlin", "italian": "Europe/Rome",
    "central european": "Europe/Berlin", "eastern european": "Europe/Bucharest",
    "russian": "Europe/Moscow", "moscow": "Europe/Moscow", "ukrainian": "Europe/Kyiv",
    "kyiv": "Europe/Kyiv", "indian": "Asia/Kolkata", "pakistani": "Asia/Karachi",
    "chinese": "Asia/Shanghai", "beijing": "Asia/Shanghai", "japanese": "Asia/Tokyo",
    "tokyo": "Asia/Tokyo", "korean": "Asia/Seoul", "australian eastern": "Australia/Sydney",
    "sydney": "Australia/Sydney", "eastern": "America/New_York", "new york": "America/New_York",
    "central": "America/Chicago", "mountain": "America/Denver", "pacific": "America/Los_Angeles",
    "chilean": "America/Santiago", "santiago": "America/Santiago", "argentine": "America/Argentina/Buenos_Aires",
    "brazilian": "America/Sao_Paulo", "mexican": "America/Mexico_City", "kenyan": "Africa/Nairobi",
    "nigerian": "Africa/Lagos", "south african": "Africa/Johannesburg",
    "greenwich mean": "UTC", "gmt": "UTC", "utc": "UTC", "universal": "UTC",
}
_TZ_NAMES = "|".join(sorted((re.escape(k) for k in TIMEZONES), key=len, reverse=True))
TIMEZONE_NOTE = re.compile(
    r"\b(?:times?|hours?|timestamps?)\b[^.()]{0,80}?\b(?:is|are|in|given in|shown in)\s+"
    r"(?:the\s+)?(?:local\s+)?(?P<zone>" + _TZ_NAMES + r")(?:\s+(?:standard|summer|daylight))?\s+time\b",
    re.I,
)

_NAME = r"[A-Z][\w&'’.-]*(?:\s+(?:[A-Z][\w&'’.-]*|of|the|and|for|al-\w+|el-\w+)){0,5}"
DESK_NOTE = re.compile(
    r"(?P<name>" + _NAME + r")['’]s?\s+(?:[\w-]+\s+){0,3}(?:desk|team|newsroom|staff|bureau)\s+"
    r"(?:is|are|will be|has been)\s+keeping you updated"
)
_WITH = r"(?i:with(?: files| reporting)? from|with)\s+(?:the\s+)?"
SOURCE_LINE = re.compile(
    r"^\s*(?:(?i:source|sources|via|courtesy of)\s*:?|" + _WITH + r")\s*(?P<name>" + _NAME + r")\s*\.?\s*$"
)
BARE_NAME = re.compile(r"^\s*(?P<name>" + _NAME + r")\s*$")
CREDIT_FORMS = [
    re.compile(r"^\s*[—–-]+\s*(?P<name>" + _NAME + r")\s*\.?\s*$"),
    re.compile(r"^\s*\(\s*(?:" + _WITH + r")?(?P<name>" + _NAME + r")\s*\)\s*\.?\s*$"),
    SOURCE_LINE,
    re.compile(
        r"^\s*(?i:(?:this (?:article|story|report) )?(?:was )?(?:first|originally) (?:appeared|published|ran))"
        r"(?: by| in| on| at)?\s+(?P<name>" + _NAME + r")\s*\.?\s*$",
    ),
    BARE_NAME,
    re.compile(r"^\s*(?P<name>[A-Z][A-Z&'’.-]+(?:\s+[A-Z][A-Z&'’.-]+){0,4})\s*\.\s*$"),
]
CREDIT_MAX_WORDS = 5
ARTICLE_PREFIX = re.compile(r"^(?:al|el|ad|an|ar|as|ash|at|az)-\w")
NOT_NAMES = re.compile(
    r"^(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|january|february|march|april|may|june|july|"
    r"august|september|october|november|december|advertisement|related|updated|editor.s note|"
    r"abstract|full text|correction|letters|photo|video|watch|listen|share|comments?|tags?|"
    r"the end|more|end|ends|developing|continued|top|print|email|back to top|home|facebook|twitter|"
    r"instagram|youtube|reddit|tiktok|imgur|getty|via)\b",
    re.I,
)
WIRE_DATELINE = re.compile(
    r"^\s*(?:[A-Z][\w.'’-]*(?:[ ,]+[\w.'’-]+){0,6}?)?\s*\((?P<name>[A-Za-z][\w .&-]{0,30})\)\s*[—–-]"
)


def canonical_outlet(name: str) -> str:
    """A tidy outlet name: spaces collapsed, shouting lowered, known abbreviations expanded."""
    name = re.sub(r"\s+", " ", name).strip(" .,:;—–-")
    alias = ALIASES.get(name.lower())
    if alias:
        return alias
    if name.isupper() and len(name.replace(" ", "")) > 5:
        name = " ".join(w if w.lower() in CONNECTORS else w.capitalize() for w in name.lower().split())
        name = name[:1].upper() + name[1:]
    return name


def host_outlet(url: str | None) -> str | None:
    """A readable outlet name from a URL host: 'www.harborledger.com' -> 'Harbor Ledger'."""
    if not url:
        return None
    host = (urlsplit(url if "//" in url else "//" + url).hostname or "").lower()
    labels = [x for x in host.split(".") if x]
    if len(labels) < 2:
        return None
    if len(labels) >= 3 and labels[-2] in {"co", "com", "org", "net", "gov", "ac", "news"} and len(labels[-1]) == 2:
        base, domain = labels[-3], ".".join(labels[-3:])
    else:
        base, domain = labels[-2], ".".join(labels[-2:])
    if domain in KNOWN_HOSTS:
        return KNOWN_HOSTS[domain]
    if base in PLATFORMS and len(labels) >= 3 and labels[-3] != "www":
        base = labels[-3]  # 'harborwatch.blogspot.com' is the blog 'harborwatch'
    parts: list[str] = []
    for w in (w for w in re.split(r"[-_]", base) if w):
        parts.extend(_segment(w) or _acronym_then_words(w) or [w])
    if len(parts) == 1 and len(parts[0]) <= 4:
        return canonical_outlet(parts[0].upper())
    return " ".join(
        p.upper() if len(p) <= 3 and p not in NAME_WORDS else p if p in CONNECTORS and i else p.capitalize()
        for i, p in enumerate(parts)
    )


def _acronym_then_words(word: str) -> list[str] | None:
    """'nydailynews' -> ['ny', 'daily', 'news']: a 2-3 letter acronym followed by name words."""
    for cut in (2, 3):
        rest = _segment(word[cut:]) if len(word) > cut + 2 else None
        if rest:
            return [word[:cut]] + rest
    return None


def _segment(word: str) -> list[str] | None:
    """Split a run-together host label into known name words, or None when it cannot be."""
    best: list[list[str] | None] = [[]] + [None] * len(word)
    for end in range(1, len(word) + 1):
        for start in range(max(0, end - 14), end):
            piece = word[start:end]
            if best[start] is not None and piece in NAME_WORDS:
                cand = best[start] + [piece]  # type: ignore[operator]
                if best[end] is None or len(cand) < len(best[end]):  # type: ignore[arg-type]
                    best[end] = cand
    return best[-1]


def desk_note_outlet(line: str) -> str | None:
    """The outlet named in a desk note: "(X's North American desk is keeping you updated ...)"."""
    m = DESK_NOTE.search(line)
    return canonical_outlet(m.group("name")) if m else None


def credit_outlet(line: str, strict: bool = True) -> str | None:
    """The outlet named by a short standalone credit line ('The Valley Sentinel', '— Reuters', 'Source: X').
    `strict=False` (the line sits right above a publisher's 'About' footer) accepts any short
    capitalised name; otherwise the name must read as an outlet, not as a person's sign-off."""
    if len(line) > 80 or re.search(r"\d", line) or line.rstrip().endswith((":", "?", "!", ",")):
        return None
    for form in CREDIT_FORMS:
        m = form.match(line)
        if not m:
            continue
        name = m.group("name").strip()
        if form is BARE_NAME and name.endswith("."):
            return None
        if form is SOURCE_LINE and len(name.split()) == 1 and name.lower() not in ALIASES:
            return None  # 'Source: NATO.' under a chart names a data source, not an outlet
        return canonical_outlet(name) if looks_like_outlet(name, strict) else None
    return None


def looks_like_outlet(name: str, strict: bool = True) -> bool:
    """Whether a short capitalised name reads as an outlet rather than a person or a place: one
    word or an acronym, a name with an Arabic article ('Al-Sahil'), or one with a news word in it."""
    name = name.strip(" .")
    words = name.split()
    if not words or len(words) > CREDIT_MAX_WORDS or NOT_NAMES.match(name):
        return False
    if sum(w[:1].isupper() for w in words) < max(1, len(words) - 2):
        return False
    if name.lower() in ALIASES or name in KNOWN_HOSTS.values():
        return True
    if not strict:
        return len(name) > 1
    if len(words) == 1:  # a lone word is a wire ('AFP') or a first-name sign-off ('Jillian')
        return len(name) > 1 and name.isupper()
    lowered = [w.lower().strip(".,'’") for w in words]
    return any(ARTICLE_PREFIX.match(w) for w in lowered) or any(w in NEWS_WORDS for w in lowered)


def wire_outlet(first_line: str) -> str | None:
    """The wire service in an opening dateline such as 'DALLAS (AP) —' or 'ROME (Reuters) -'."""
    m = WIRE_DATELINE.match(first_line)
    if not m:
        return None
    name = m.group("name").strip()
    return canonical_outlet(name) if name[:1].isupper() and looks_like_outlet(name) else None


def timezone_of(text: str) -> str | None:
    """The IANA zone an article says its times are in ('... is Israeli time' -> 'Asia/Jerusalem')."""
    m = TIMEZONE_NOTE.search(text)
    return TIMEZONES[m.group("zone").lower()] if m else None


def resolve_outlet(
    site: str | None = None,
    url: str | None = None,
    about: str | None = None,
    desk: str | None = None,
    credit: str | None = None,
    wire: str | None = None,
) -> tuple[str | None, str | None]:
    """(outlet, publisher): the outlet that wrote the article, and the site that published it
    when that is a different one (a reprint credited to its original outlet or a wire)."""
    site_name = canonical_outlet(site) if site and site.strip() else None
    publisher = about or site_name or host_outlet(url)
    if desk:
        outlet = site_name if site_name and _same(site_name, desk) else desk
        publisher = about if about and not _same(about, desk) else None
    else:
        outlet = credit or wire or publisher
    if publisher and outlet and _same(publisher, outlet):
        publisher = None
    return outlet, publisher


def _same(a: str, b: str) -> bool:
    """Whether two outlet names refer to the same outlet ('The Ledger' vs 'Ledger')."""
    def key(s: str) -> str:
        return re.sub(r"^the", "", re.sub(r"[^a-z0-9]", "", s.lower()))

    return key(a) == key(b)
