"""Line up the claims of a story's articles across outlets: who agrees, who contradicts, who is silent.

Claims are matched by canonical actors and relation ('Robert Malley meet Yair Lapid' is the same
claim whoever is named first, for relations that go both ways), with sentence similarity as a
fallback. An outlet contradicts a claim when it states the opposite polarity (negation, refusal,
denial, 'not expected') or a different number, date or place for the same relation. The optional
stance model is one more signal for claims matched only by similar sentences.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass

from ..analyze.claims import VALUE_SEP
from ..link.actors import Actor, ActorIndex, merge_actors, normalize_name
from ..model import Article, Claim, Verdict

# Relations that hold both ways: 'A meets B' is 'B meets A'.
SYMMETRIC = frozenset({"meet", "talk", "negotiate", "speak", "clash", "fight", "confer", "reconcile", "ally", "trade"})
VALUE_KINDS = ("number", "date", "place")
NUMBER_WORDS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
                "sixteen seventeen eighteen nineteen twenty").split()
SIMILARITY = 0.5  # content-word overlap (Jaccard) for matching claims whose actors differ in form
STANCE_DISAGREE = 0.5  # stance probability of 'disagree' that turns a similar-sentence match into a conflict
VERDICT_ORDER = {"conflict": 0, "agree": 1, "only_one": 2}
STOPWORDS = frozenset(
    """a an the of to in on at for with by from and or but that this these those is are was were be been
    being has have had will would should could can may might do does did not no it its he she they them
    his her their we our i you as than then there here also about after before over into during while""".split()
)


@dataclass
class _Item:
    """One claim of one outlet, with its actors resolved."""

    outlet: str
    claim: Claim
    sentence: str
    subject: str
    object: str
    actor_subject: bool
    actor_object: bool
    attribution: str | None
    order: int
    values: dict[str, set[str]]  # number, date, place: normalized so outlets' forms compare

    @property
    def key(self) -> tuple[str, str, str]:
        rel = self.claim.relation
        if rel.split()[-1] in SYMMETRIC and self.object:
            a, b = sorted((self.subject, self.object))
            return rel, a, b
        return rel, self.subject, self.object


def _sentence(article: Article, claim: Claim) -> str:
    return re.sub(r"\s+", " ", article.text[claim.start:claim.end]).strip()


def _resolver(article: Article, index: ActorIndex):
    """A function from a name as written in `article` to (canonical name, is an actor)."""
    own = {normalize_name(e.text): e.canonical or normalize_name(e.text) for e in article.entities}

    def resolve(name: str) -> tuple[str, bool]:
        if not name:
            return "", False
        norm = normalize_name(name)
        if norm in own:
            return own[norm], True
        found = index.resolve(norm)
        if found:
            return found, True
        words = [w for w in norm.lower().split() if not re.fullmatch(r"[\d.,%$€£]+", w) and w not in NUMBER_WORDS]
        return " ".join(words) or norm.lower(), False  # '12 people' and '40 people' are both 'people'

    return resolve


def _items(articles: list[Article], actors: dict[str, Actor]) -> list[_Item]:
    items: list[_Item] = []
    index = ActorIndex(actors)
    for art in articles:
        outlet = art.outlet or art.publisher or art.source or art.id
        resolve = _resolver(art, index)
        for claim in art.claims:
            subj, s_actor = resolve(claim.subject)
            obj, o_actor = resolve(claim.object)
            attr = resolve(claim.attribution)[0] if claim.attribution else None
            a_actor = bool(claim.attribution) and resolve(claim.attribution)[1]
            if not (s_actor or o_actor or a_actor or any(k in claim.values for k in ("number", "date"))):
                continue
            items.append(_Item(outlet, claim, _sentence(art, claim), subj, obj, s_actor, o_actor,
                               attr if a_actor else claim.attribution, len(items), _norm_values(claim, resolve)))
    return items


def _words(text: str) -> frozenset[str]:
    return frozenset(w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in STOPWORDS)


def _similar(a: _Item, b: _Item, words: dict[str, frozenset[str]]) -> bool:
    """Fallback match for claims of one relation: a shared actor, with one agent unnamed ('X was arrested')
    or sentences that say much the same."""
    if a.object and a.object == b.object and not (a.subject and b.subject):
        return True
    if not ({a.subject, a.object} & {b.subject, b.object}) - {""}:
        return False
    wa, wb = words[a.sentence], words[b.sentence]
    return bool(wa and wb) and len(wa & wb) / len(wa | wb) >= SIMILARITY


def _group(items: list[_Item]) -> list[list[_Item]]:
    """Claims that say the same thing (same key, or a similar claim of the same relation from another outlet)."""
    groups: dict[tuple, list[_Item]] = {}
    for item in items:
        groups.setdefault(item.key, []).append(item)
    words = {i.sentence: _words(i.sentence) for i in items}
    merged: list[list[_Item]] = []
    by_relation: dict[str, list[list[_Item]]] = {}
    for group in groups.values():
        outlets = {i.outlet for i in group}
        target = None
        if len(outlets) == 1:
            target = next((m for m in by_relation.get(group[0].claim.relation, [])
                           if {i.outlet for i in m}.isdisjoint(outlets)
                           and any(_similar(a, b, words) for a in m for b in group)), None)
        if target is None:
            merged.append(list(group))
            by_relation.setdefault(group[0].claim.relation, []).append(merged[-1])
        else:
            target.extend(group)
    return merged


def _norm_number(text: str) -> str:
    """'twelve' -> '12', '$1,200' -> '1200', '30 million' -> '30 million'."""
    words = text.lower().replace(",", "").replace("$", "").replace("€", "").replace("£", "").split()
    return " ".join(str(NUMBER_WORDS.index(w)) if w in NUMBER_WORDS else w for w in words)


def _norm_values(claim: Claim, resolve) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for kind in VALUE_KINDS:
        raw = [v.strip() for v in claim.values.get(kind, "").split(VALUE_SEP) if v.strip()]
        if kind == "place":
            out[kind] = {resolve(v)[0].lower() for v in raw}
        elif kind == "number":
            out[kind] = {_norm_number(v) for v in raw}
        else:
            out[kind] = {v.lower() for v in raw}
    return out


def _compatible(kind: str, a: str, b: str) -> bool:
    """Same value; for dates also the same at a coarser grain ('2021-11' and '2021-11-29')."""
    return a == b or (kind == "date" and (a.startswith(b) or b.startswith(a)))


def _values_clash(a: _Item, b: _Item) -> bool:
    """A different number, date or place given by both claims."""
    for kind in VALUE_KINDS:
        va, vb = a.values.get(kind), b.values.get(kind)
        if va and vb and not any(_compatible(kind, x, y) for x in va for y in vb):
            return True
    return False


def _disagree(ref: _Item, other: _Item, stance, cache: dict) -> bool:
    if ref.claim.polarity != other.claim.polarity or _values_clash(ref, other):
        return True
    if stance is not None and ref.key != other.key and ref.subject and other.subject:  # matched by sentence only
        pair = (ref.sentence, other.sentence)
        if pair not in cache:
            cache[pair] = float(stance.predict_proba([pair])[0][1])
        return cache[pair] >= STANCE_DISAGREE
    return False


def _reference(group: list[_Item]) -> _Item:
    """The claim a group is named after: the majority polarity among outlets, first outlet on a tie."""
    pos = {i.outlet for i in group if i.claim.polarity}
    neg = {i.outlet for i in group if not i.claim.polarity}
    polarity = len(pos) > len(neg) if len(pos) != len(neg) else min(group, key=lambda i: i.order).claim.polarity
    return min((i for i in group if i.claim.polarity == polarity), key=lambda i: (not i.subject, i.order))


def _describe(item: _Item, same_modality: bool = True) -> str:
    """A claim as a short readable line: 'Robert Malley expected to meet Yair Lapid (date: ...) according to X'."""
    c = item.claim
    subject = item.subject if item.actor_subject else c.subject
    obj = item.object if item.actor_object else c.object
    modality = c.modality if same_modality else "asserted"
    if modality == "expected":
        verb = ("expected to " if c.polarity else "not expected to ") + c.relation
    elif modality == "refused" and not c.polarity:
        verb = "refused to " + c.relation
    elif modality == "denied" and not c.polarity:
        verb = "denied: " + c.relation
    else:
        verb = ("is" if c.polarity else "is not") if c.relation == "be" else c.relation if c.polarity else "does not " + c.relation
    if not subject and c.values.get("passive"):  # 'Karl Dorsey was arrested'
        text = f"{obj} {'was' if c.polarity else 'was not'} {c.values['passive']}"
    else:
        text = " ".join(p for p in (subject or "(unnamed)", verb, obj) if p)
    extra = [f"{k} {c.values[k]}" for k in VALUE_KINDS if c.values.get(k)]
    if extra:
        text += " (" + "; ".join(extra) + ")"
    if item.attribution:
        text += f", according to {item.attribution}"
    return text


def align_claims(articles: list[Article], actors: dict[str, Actor] | None = None, stance=None) -> list[Verdict]:
    """One Verdict per claim of a story: agree, conflict or only_one, with each side's sentences.

    `actors` comes from merge_actors (computed here when not given); `stance` is an optional model
    with predict_proba(pairs) -> rows of (agree, disagree, discuss, unrelated)."""
    if actors is None:
        actors = merge_actors(articles)
    outlets = list(dict.fromkeys(a.outlet or a.publisher or a.source or a.id for a in articles))
    cache: dict = {}
    verdicts: list[tuple[int, int, int, Verdict]] = []
    for group in _group(_items(articles, actors)):
        ref = _reference(group)
        support: dict[str, list[str]] = {}
        contradict: dict[str, list[str]] = {}
        for item in sorted(group, key=lambda i: i.order):
            side = contradict if _disagree(ref, item, stance, cache) else support
            if item.sentence not in side.setdefault(item.outlet, []):
                side[item.outlet].append(item.sentence)
        for outlet in set(support) & set(contradict):  # an outlet that also says the claim is not against it
            del contradict[outlet]
        verdict = "conflict" if contradict else "agree" if len(support) > 1 else "only_one"
        modalities = {i.claim.modality for i in group if i.outlet in support and i.claim.polarity == ref.claim.polarity}
        silent = [o for o in outlets if o not in support and o not in contradict]
        text = _describe(ref, same_modality=len(modalities) <= 1)
        named = -(ref.actor_subject + ref.actor_object)  # claims between two named actors first
        verdicts.append((VERDICT_ORDER[verdict], named, ref.order,
                         Verdict(claim=text, verdict=verdict, support=support, contradict=contradict, silent=silent)))
    verdicts.sort(key=lambda v: v[:3])
    return _join_single([v[3] for v in verdicts])


def _join_single(verdicts: list[Verdict]) -> list[Verdict]:
    """One row per sentence for claims only one outlet makes: their evidence is the same sentence."""
    out: list[Verdict] = []
    rows: dict[tuple, Verdict] = {}
    for v in verdicts:
        if v.verdict != "only_one":
            out.append(v)
            continue
        key = tuple(sorted((o, tuple(s)) for o, s in v.support.items()))
        if key in rows:
            if v.claim not in rows[key].claim.split("; "):
                rows[key].claim += "; " + v.claim
            continue
        rows[key] = Verdict(claim=v.claim, verdict=v.verdict, support=v.support, contradict={}, silent=v.silent)
        out.append(rows[key])
    return out


def _cell(verdict: Verdict, outlet: str) -> str:
    if outlet in verdict.support:
        return " ".join("+ " + s for s in verdict.support[outlet])
    if outlet in verdict.contradict:
        return " ".join("- " + s for s in verdict.contradict[outlet])
    return "(silent)"


def format_claim_table(verdicts: list[Verdict], outlets: list[str], width: int = 34, max_lines: int = 6) -> str:
    """A plain-text table: claim, verdict, then one column per outlet with its evidence ('+' supports, '-' contradicts)."""
    widths = [width, 9] + [width] * len(outlets)
    header = ["claim", "verdict"] + list(outlets)

    def wrap(text: str, w: int) -> list[str]:
        lines = textwrap.wrap(text, w) or [""]
        if len(lines) > max_lines:
            lines = lines[:max_lines]
            lines[-1] = lines[-1][: w - 1] + "…"
        return lines

    def row(cells: list[str]) -> list[str]:
        wrapped = [wrap(c, w) for c, w in zip(cells, widths)]
        height = max(len(c) for c in wrapped)
        return [" | ".join((c[i] if i < len(c) else "").ljust(w) for c, w in zip(wrapped, widths)).rstrip()
                for i in range(height)]

    rule = "-+-".join("-" * w for w in widths)
    lines = row(header) + [rule]
    for v in verdicts:
        lines += row([v.claim, v.verdict] + [_cell(v, o) for o in outlets]) + [rule]
    lines.append("+ the outlet says so   - it says otherwise   (silent) it does not say")
    return "\n".join(lines)
