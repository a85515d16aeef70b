"""Actors of a story: the entities of its articles merged under one canonical name each.

Joins surnames to full names ('Lapid' -> 'Yair Lapid'), spelling variants of a person's name
('Bennet' -> 'Naftali Bennett', only when first names are compatible), acronyms to their long
form ('UN' -> 'United Nations'), and nationality forms to the country ('Iranians' -> 'Iran').
A user alias map (variant -> canonical) adds or overrides merges. Sets Entity.canonical.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ..model import Article, Entity

# Country names written in more than one way; other forms are found by rule (acronym, demonym).
COUNTRY_FORMS = {
    "us": "United States", "u.s.": "United States", "u.s": "United States", "usa": "United States",
    "u.s.a.": "United States", "america": "United States", "united states of america": "United States",
    "uk": "United Kingdom", "u.k.": "United Kingdom", "britain": "United Kingdom", "great britain": "United Kingdom",
    "uae": "United Arab Emirates", "drc": "Democratic Republic of the Congo",
}
# Demonyms the suffix rule cannot reach ('Israeli' -> 'Israel' and 'Iranian' -> 'Iran' need no entry).
DEMONYMS = {
    "american": "United States", "british": "United Kingdom", "briton": "United Kingdom",
    "english": "England", "french": "France", "dutch": "Netherlands", "swiss": "Switzerland",
    "greek": "Greece", "turkish": "Turkey", "turk": "Turkey", "spanish": "Spain", "spaniard": "Spain",
    "polish": "Poland", "pole": "Poland", "danish": "Denmark", "dane": "Denmark", "swedish": "Sweden",
    "swede": "Sweden", "finnish": "Finland", "finn": "Finland", "irish": "Ireland", "scottish": "Scotland",
    "welsh": "Wales", "thai": "Thailand", "filipino": "Philippines", "saudi": "Saudi Arabia",
    "emirati": "United Arab Emirates", "yemeni": "Yemen", "iraqi": "Iraq", "kuwaiti": "Kuwait",
    "qatari": "Qatar", "omani": "Oman", "afghan": "Afghanistan", "pakistani": "Pakistan",
    "bangladeshi": "Bangladesh", "israeli": "Israel", "lebanese": "Lebanon", "sudanese": "Sudan",
    "chinese": "China", "japanese": "Japan", "vietnamese": "Vietnam", "portuguese": "Portugal",
    "peruvian": "Peru", "new zealander": "New Zealand", "norwegian": "Norway", "belgian": "Belgium",
    "argentine": "Argentina", "argentinian": "Argentina", "venezuelan": "Venezuela", "czech": "Czech Republic",
}
SMALL_WORDS = frozenset({"of", "the", "for", "and", "on", "in", "de", "du", "la", "al"})
PLACE_LABELS = frozenset({"GPE", "LOC", "NORP", "FAC"})
MAX_NAME_EDITS = 1  # spelling variants of a person's name: one letter added, dropped or changed
MIN_FUZZY_LEN = 5  # shorter names must match exactly


@dataclass
class Actor:
    """One person, organisation or place of a story, with every way the articles name it."""

    name: str
    label: str
    roles: list[str] = field(default_factory=list)
    variants: list[str] = field(default_factory=list)
    mentions: int = 0


def normalize_name(text: str) -> str:
    """An entity's text without a leading article, a trailing possessive, or extra spaces."""
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"^(the|The|THE)\s+", "", text)
    text = re.sub(r"(['’]s|['’])$", "", text).strip()
    return text


def edit_distance(a: str, b: str, limit: int = 3) -> int:
    """Levenshtein distance between two strings (stops counting above `limit`)."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    if limit == 1:  # only whether one edit is enough: linear time
        return 0 if a == b else 1 if _one_edit(a, b) else 2
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def _close(a: str, b: str) -> bool:
    """Same word, or a spelling variant of it (long enough words only)."""
    a, b = a.lower(), b.lower()
    if a == b:
        return True
    if min(len(a), len(b)) < MIN_FUZZY_LEN:
        return False
    return edit_distance(a, b, MAX_NAME_EDITS) <= MAX_NAME_EDITS


def _one_edit(a: str, b: str) -> bool:
    """Whether two different strings are one insertion, deletion or substitution apart (linear time)."""
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1:] == b[i + 1:]
    return a[i:] == b[i + 1:]


def same_person(a: str, b: str) -> bool:
    """Whether two full names can be one person: close surnames and compatible first names."""
    ta, tb = a.split(), b.split()
    if not _close(ta[-1], tb[-1]):
        return False
    fa, fb = ta[0].rstrip(".").lower(), tb[0].rstrip(".").lower()
    if len(fa) == 1 or len(fb) == 1:
        return fa[0] == fb[0]
    return _close(fa, fb)


def initials(name: str) -> str:
    """'United Nations' -> 'UN' (small words skipped)."""
    return "".join(w[0] for w in name.split() if w.lower() not in SMALL_WORDS and w[:1].isalpha()).upper()


def country_of(demonym: str, places: list[str]) -> str | None:
    """The country a nationality word names ('Iranians' -> 'Iran'), among `places` or the built-in table."""
    low = demonym.lower()
    forms = {low, low.rstrip("s")}
    for form in list(forms):
        if form in DEMONYMS:
            return DEMONYMS[form]
    stems = set()
    for form in forms:
        for suffix in ("ians", "ian", "ans", "an", "is", "i", "ese", "ish", "s", "n"):
            if form.endswith(suffix) and len(form) - len(suffix) >= 4:
                stems.add(form[: len(form) - len(suffix)])
    for place in places:
        pl = place.lower()
        if any(pl == s or (pl.startswith(s) and len(pl) - len(s) <= 2) for s in stems):
            return place
    return None


class _Groups:
    """Union-find over names; the canonical name of a group is chosen at the end."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def join(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[rb] = ra


def _full_names(counts: Counter, labels: dict[str, Counter]) -> list[str]:
    """Person names of two words or more, most mentioned first."""
    full = [n for n in counts if labels[n].most_common(1)[0][0] == "PERSON" and len(n.split()) > 1]
    return sorted(full, key=lambda n: -counts[n])


def _is_lone_name(name: str, labels: dict[str, Counter]) -> bool:
    """A one-word person name, or a lone ORG word that may be a mis-tagged surname ('Bennet’s')."""
    return len(name.split()) == 1 and ("PERSON" in labels[name] or "ORG" in labels[name])


def _merge_people(groups: _Groups, counts: Counter, labels: dict[str, Counter]) -> None:
    """Join full names that are spelling variants of one person's name."""
    full = _full_names(counts, labels)
    for i, a in enumerate(full):
        for b in full[i + 1:]:
            if same_person(a, b):
                groups.join(a, b)


def _surname_owner(name: str, candidates: list[str], canon: dict[str, str]) -> str | None:
    """The one person (canonical name) among full names `candidates` whose surname `name` is."""
    exact = {canon[f] for f in candidates if f.split()[-1].lower() == name.lower()}
    near = {canon[f] for f in candidates if _close(f.split()[-1], name)}
    match = exact or near
    return match.pop() if len(match) == 1 else None


def _lone_names(articles: list[Article], canon: dict[str, str], counts: Counter,
                labels: dict[str, Counter]) -> dict[tuple[str, str], str]:
    """(article id, surname) -> person: the full name in the same article first, else in the story."""
    story_full = _full_names(counts, labels)
    out: dict[tuple[str, str], str] = {}
    for art in articles:
        names = {normalize_name(e.text) for e in art.entities}
        own_full = [n for n in story_full if n in names]
        for name in names:
            if not _is_lone_name(name, labels):
                continue
            here = [f for f in own_full if _close(f.split()[-1], name)]
            if not here and "PERSON" not in labels[name]:
                continue  # a lone ORG word is taken for a surname only beside the full name ('Bennet’s')
            owner = _surname_owner(name, here, canon) if here else _surname_owner(name, story_full, canon)
            if owner:
                out[(art.id, name)] = owner
    return out


def _merge_places(groups: _Groups, counts: Counter, labels: dict[str, Counter]) -> dict[str, str]:
    """Join acronyms, country forms and demonyms; returns names that map to a country not mentioned."""
    outside: dict[str, str] = {}
    long_names = [n for n in counts if len(n.split()) > 1]
    places = [n for n in counts if labels[n].most_common(1)[0][0] in ("GPE", "LOC")]
    for name in counts:
        low = name.lower()
        target = COUNTRY_FORMS.get(low)
        if target is None and "NORP" in labels[name]:
            target = country_of(name, places) or country_of(name, [])
            if target is None and name.endswith("s") and name[:-1] in counts:
                target = name[:-1]  # 'Ardovians' with 'Ardovian' when the country itself is not named
        if target is None and re.fullmatch(r"[A-Z](\.?[A-Z]){1,6}\.?", name):
            bare = name.replace(".", "")
            hits = [n for n in long_names if initials(n) == bare]
            target = hits[0] if len(hits) == 1 else None
        if target and target != name:
            if target in counts:
                groups.join(target, name)
            else:
                outside[name] = target
    return outside


def merge_actors(articles: list[Article], aliases: dict[str, str] | None = None) -> dict[str, Actor]:
    """Merge the entities of a story's articles into actors keyed by canonical name; sets Entity.canonical."""
    counts: Counter = Counter()
    labels: dict[str, Counter] = {}
    for art in articles:
        for ent in art.entities:
            name = normalize_name(ent.text)
            counts[name] += 1
            labels.setdefault(name, Counter())[ent.label] += 1
    groups = _Groups()
    for name in counts:
        groups.find(name)
    _merge_people(groups, counts, labels)
    outside = _merge_places(groups, counts, labels)
    canon = _choose_canonical(groups, counts, labels, outside)
    lone = _lone_names(articles, canon, counts, labels)
    aliases = {normalize_name(k): v for k, v in (aliases or {}).items()}
    for variant, target in aliases.items():
        canon[normalize_name(variant)] = target
    lone = {k: aliases.get(k[1], v) for k, v in lone.items()}

    def follow(target: str) -> str:  # an alias may name another alias's variant
        seen = {target}
        while target in aliases and aliases[target] not in seen:
            target = aliases[target]
            seen.add(target)
        return target

    canon = {name: follow(t) for name, t in canon.items()}
    lone = {key: follow(t) for key, t in lone.items()}
    return _build_actors(articles, canon, lone)


def _choose_canonical(groups: _Groups, counts: Counter, labels: dict[str, Counter],
                      outside: dict[str, str]) -> dict[str, str]:
    """Canonical name per group: a country's name, else the most frequent full form."""
    members: dict[str, list[str]] = {}
    for name in counts:
        members.setdefault(groups.find(name), []).append(name)
    canon: dict[str, str] = {}
    for names in members.values():
        external = {outside[n] for n in names if n in outside}
        if external:
            best = sorted(external)[0]
        else:
            def rank(n: str) -> tuple:
                place = labels[n].most_common(1)[0][0] in ("GPE", "LOC")
                return (place, len(n.split()) > 1, "." not in n, counts[n], len(n))
            best = max(names, key=rank)
        for n in names:
            canon[n] = best
    return canon


def _build_actors(articles: list[Article], canon: dict[str, str],
                  lone: dict[tuple[str, str], str]) -> dict[str, Actor]:
    actors: dict[str, Actor] = {}
    label_votes: dict[str, Counter] = {}
    for art in articles:
        for ent in art.entities:
            name = normalize_name(ent.text)
            ent.canonical = lone.get((art.id, name)) or canon.get(name, name)
            actor = actors.setdefault(ent.canonical, Actor(name=ent.canonical, label=ent.label))
            actor.mentions += 1
            if name not in actor.variants:
                actor.variants.append(name)
            if ent.role and ent.role not in actor.roles:
                actor.roles.append(ent.role)
            label_votes.setdefault(ent.canonical, Counter())[_label_vote(ent)] += 1
    for name, actor in actors.items():
        votes = label_votes[name]
        actor.label = "PERSON" if votes["PERSON"] else "GPE" if votes["GPE"] else votes.most_common(1)[0][0]
    return actors


def _label_vote(ent: Entity) -> str:
    return "GPE" if ent.label == "NORP" and ent.canonical != normalize_name(ent.text) else ent.label


class ActorIndex:
    """Lookups from a name as written to its actor's canonical name, built once per story."""

    def __init__(self, actors: dict[str, Actor]):
        self.by_variant: dict[str, str] = {}
        self.surnames: dict[str, set[str]] = {}  # last word of a person's names -> that person
        for actor in actors.values():
            for v in [actor.name] + actor.variants:
                self.by_variant.setdefault(v.lower(), actor.name)
                if actor.label == "PERSON" and len(actor.name.split()) > 1:
                    self.surnames.setdefault(v.split()[-1].lower(), set()).add(actor.name)
        self.places = [a.name for a in actors.values() if a.label in ("GPE", "LOC")]
        self._cache: dict[str, str | None] = {}

    def resolve(self, name: str) -> str | None:
        """The canonical actor `name` refers to ('Price' -> 'Ned Price', 'Iranians' -> 'Iran'), if any."""
        if name not in self._cache:
            self._cache[name] = self._resolve(normalize_name(name)) if name else None
        return self._cache[name]

    def _resolve(self, norm: str) -> str | None:
        low = norm.lower()
        if low in self.by_variant:
            return self.by_variant[low]
        if low in COUNTRY_FORMS:
            return COUNTRY_FORMS[low]
        words = norm.split()
        if len(words) > 1:  # a title before the name: 'Governor Rick Perry', 'Sheriff Arpaio'
            return self.resolve(" ".join(words[1:]))
        hits = set().union(*(owners for surname, owners in self.surnames.items() if _close(surname, low)))
        if len(hits) == 1:
            return hits.pop()
        return country_of(norm, self.places)


def resolve_name(name: str, actors: dict[str, Actor]) -> str | None:
    """The canonical actor a bare string names ('Price' -> 'Ned Price', 'Iranians' -> 'Iran'), if any."""
    return ActorIndex(actors).resolve(name)
