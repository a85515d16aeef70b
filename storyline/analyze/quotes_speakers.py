"""Who is speaking: the mention of a source in the text and the name it refers to.

'Price' becomes the fuller name used earlier in the article ('Ned Price'), 'he' or 'she' the
person last quoted or named before it, and unnamed or collective sources ('a senior Israeli
diplomatic official', 'sources close to Bennett') stay as their mention, marked anonymous; a
later 'the official' or 'the sources' refers back to that mention.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# nouns that stand for a person or group speaking without a name
ROLE_NOUNS = frozenset("""official officials source sources aide aides spokesman spokeswoman
spokesperson spokespeople diplomat diplomats person people insider insiders adviser advisers advisor
advisors staffer staffers officer officers member members analyst analysts expert experts observer
observers critic critics lawyer lawyers attorney attorneys representative representatives negotiator
negotiators minister ministers lawmaker lawmakers legislator legislators strategist strategists
operative operatives insider donor donors supporter supporters voter voters resident residents
witness witnesses activist activists leader leaders worker workers employee employees friend friends
associate associates confidant confidants ally allies official's""".split())
PRONOUNS = frozenset("he she they him her them i we".split())
_SINGULAR = frozenset("he she him her i".split())
_TITLES = frozenset("""mr mr. mrs mrs. ms ms. dr dr. sen sen. senator rep rep. representative gov gov.
governor president prime minister secretary spokesman spokeswoman spokesperson the a an us u.s.
former vice general gen gen. director chairman chairwoman judge justice special envoy adviser
advisor state foreign defense national security democratic republican gop candidate nominee
attorney house speaker leader chief lt. col. sgt. capt. rev. hon. sir lord lady king queen
congressman congresswoman mayor ambassador commissioner deputy minister""".split())
_NAME_SEQ = re.compile(r"\b(?:[A-Z][a-zA-Z'’\-]+|[A-Z]\.)(?:[^\S\n]+(?:[A-Z][a-zA-Z'’\-]+|[A-Z]\.))+")


def _strip_titles(words: list[str]) -> list[str]:
    """Drop everything up to the last title ('Israeli Prime Minister Naftali Bennett' -> Naftali
    Bennett); keep at most three words."""
    titles = [i for i, w in enumerate(words[:-1]) if w.lower().rstrip(",") in _TITLES]
    if titles:
        words = words[titles[-1] + 1 :]
    return words[-3:]


@dataclass
class SpeakerIndex:
    """Names and earlier speakers of one article, to resolve short names and pronouns."""

    text: str
    names: dict[str, str] = field(default_factory=dict)  # last word -> fullest name seen first
    speakers: list[tuple[int, str, bool, str, bool]] = field(default_factory=list)  # (offset, name, anonymous, head, plural)

    def __post_init__(self) -> None:
        for m in _NAME_SEQ.finditer(self.text):
            words = _strip_titles(m.group().replace("’s", "").replace("'s", "").split())
            if len(words) >= 2 and words[-1].lower() not in _TITLES:
                key = words[-1]
                if len(words) > len(self.names.get(key, "").split()):
                    self.names[key] = " ".join(words)

    def full_name(self, name: str) -> str:
        """The fullest form of a name in this article ('Price' -> 'Ned Price')."""
        words = _strip_titles(name.split())
        if not words:
            return name
        longer = self.names.get(words[-1])
        if longer and len(longer.split()) > len(words) and longer.endswith(" ".join(words)):
            return longer
        return " ".join(words)

    def person_before(self, offset: int, plural: bool) -> str | None:
        """The source a pronoun at `offset` most likely refers to: the last one of its number
        quoted before it, else (singular) the last full name written before it."""
        for pos, name, _anonymous, _head, is_plural in reversed(self.speakers):
            if pos < offset and is_plural == plural:
                return name
        if plural:
            return None
        for m in reversed(list(_NAME_SEQ.finditer(self.text, 0, offset))):
            words = _strip_titles(m.group().replace("’s", "").replace("'s", "").split())
            if len(words) >= 2:
                return " ".join(words)
        return None

    def anonymous_before(self, offset: int, head: str) -> str | None:
        """An earlier unnamed source with the same head noun ('the official' -> 'a senior official')."""
        for pos, name, anonymous, h, _plural in reversed(self.speakers):
            if pos < offset and anonymous and h == head and not name.lower().startswith("the ") and name.lower() != head:
                return name
        before = self.text[:offset]
        hits = list(re.finditer(rf"\b(?:[Aa]n?|[Ss]ome|[Ss]everal|[Tt]wo|[Tt]hree|[Oo]ther)\s+(?:[\w’'-]+\s+){{0,5}}?{re.escape(head)}\b", before))
        return hits[-1].group() if hits else None

    def remember(self, offset: int, name: str, anonymous: bool, head: str, plural: bool) -> None:
        self.speakers.append((offset, name, anonymous, head, plural))


def mention_span(head) -> tuple[int, int]:
    """Token range [first, last] of the source mention headed by `head` (modifiers, not clauses)."""
    if head.lower_ in PRONOUNS:
        return head.i, head.i
    first = head.i
    for c in head.lefts:
        if c.dep_ in ("compound", "amod", "det", "poss", "nummod", "nmod", "quantmod"):
            first = min(first, c.left_edge.i)
    last = head.i
    if head.lower_ in ROLE_NOUNS:  # 'sources close to Bennett', 'a spokesman for the ministry'
        for c in head.rights:
            if c.dep_ in ("prep", "amod", "acl") and c.i == last + 1:
                last = c.right_edge.i
    return first, last


def describe(head, index: SpeakerIndex, base: int) -> tuple[str, int, int, bool]:
    """Speaker name, mention start and end (text offsets) and whether the source is anonymous."""
    first, last = mention_span(head)
    doc = head.doc
    start, end = base + doc[first].idx, base + doc[last].idx + len(doc[last].text)
    mention = doc[first : last + 1].text
    low = head.lower_
    if head.tag_ in ("WP", "WDT") and head.head.dep_ == "relcl" and head.head.head is not head.head:
        # 'the official, who was quoted': the mention stays 'who', the name is the official's
        name, _, _, anonymous = describe(head.head.head, index, base)
        return name, start, end, anonymous
    if low in PRONOUNS:
        name = index.person_before(start, plural=low not in _SINGULAR)
        anonymous = name is None and low in ("they", "them")
        return name or mention, start, end, anonymous
    if head.tag_ in ("NNP", "NNPS") or (head.text[:1].isupper() and head.i > head.sent.start and low not in ROLE_NOUNS):
        left = head.i
        while left > first and doc[left - 1].tag_ in ("NNP", "NNPS") and doc[left - 1].dep_ in ("compound", "flat"):
            left -= 1
        return index.full_name(doc[left : head.i + 1].text), start, end, False
    for c in head.children:  # "Santilli's attorney, Thomas Coan"
        if c.dep_ == "appos" and c.tag_ in ("NNP", "NNPS"):
            return index.full_name(c.text if not list(c.lefts) else doc[c.left_edge.i : c.i + 1].text), start, end, False
    if low in ROLE_NOUNS or head.lemma_ in ROLE_NOUNS:
        earlier = index.anonymous_before(start, low) if doc[first].lower_ in ("the", "these", "those", "that", "this") else None
        return earlier or mention, start, end, True
    return mention, start, end, False


def describe_mention(text: str, start: int, end: int, index: SpeakerIndex) -> tuple[str, bool]:
    """Name and anonymity of a speaker mention found without a parse ('Bozell', 'he', 'the aide')."""
    mention = text[start:end]
    low = mention.lower()
    if low in PRONOUNS:
        name = index.person_before(start, plural=low not in _SINGULAR)
        return name or mention, name is None and low == "they"
    head = low.split()[-1]
    if mention[:1].isupper() and not low.startswith("the "):
        return index.full_name(mention), False
    if head in ROLE_NOUNS:
        return index.anonymous_before(start, head) or mention, True
    return mention, False
