"""Claims from a parsed Doc: who does what to whom, negated or not, expected or refused, said by whom.

Reads the dependency parse, the entities (entities_from_doc), and optionally quotes and time
expressions. One Claim per (subject, object) pair of each clause; the claim's offsets are those of
its sentence; values holds numbers, dates and places (and 'passive', the participle, when a passive
names no agent). Only claims about actors (entities) or carrying a date or number are kept, so the
comparison shows what an analyst wants to line up, not every sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from ..model import Claim, Entity, Quote, TimeExpr
from .entities import TITLE_HEADS

# Verbs whose complement is a statement someone makes ('X said that ...').
REPORT_VERBS = frozenset(
    """say tell claim state announce affirm add note warn report insist confirm stress explain argue
    write reveal declare assert point underline acknowledge suggest allege quote believe think
    indicate emphasize emphasise reiterate mention signal predict hope fear feel know recall testify""".split()
)
# Verbs that carry a modality onto their infinitive complement ('expected to meet').
MODAL_VERBS = {
    "expect": "expected", "plan": "expected", "schedule": "expected", "due": "expected",
    "set": "expected", "likely": "expected", "unlikely": "expected", "poise": "expected", "intend": "expected",
    "refuse": "refused", "decline": "refused", "reject": "refused",
    "deny": "denied",
    "report": "reported", "say": "reported", "believe": "reported", "rumor": "reported", "rumour": "reported",
}
LIGHT_VERBS = frozenset({"be", "do", "have", "get", "go", "happen"})  # say nothing without an object
TEMPORAL_MARKS = frozenset({"after", "before", "since", "when", "while", "until", "once", "as"})
HYPOTHETICAL = frozenset({"if", "unless", "whether"})
NEGATING = frozenset({"refused", "denied"})
NEGATED_MODALS = frozenset({"unlikely"})  # 'unlikely to meet': expected, not
DENIAL_VERBS = frozenset({"deny", "reject", "dismiss", "refute"})  # 'denied that X', 'denied reports that X'
NEGATION_WORDS = frozenset({"not", "n't", "n’t", "never", "no", "neither", "nor"})
HEDGE_ADVERBS = frozenset({"reportedly", "allegedly", "purportedly", "apparently"})

SUBJ_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
OBJ_DEPS = frozenset({"dobj", "attr", "oprd", "dative"})
# Prepositions whose object is a participant ('meet with X', 'attack on X'), not a circumstance.
OBJ_PREPS = frozenset({"with", "to", "against", "for", "about", "into", "from", "over", "of", "by", "toward", "towards"})
# Dependents that open another clause: their words belong to that clause, not this one.
CLAUSE_DEPS = frozenset({"ccomp", "advcl", "relcl", "acl", "conj", "parataxis", "csubj", "xcomp", "pcomp"})
ACTOR_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
NUMBER_LABELS = frozenset({"CARDINAL", "MONEY", "PERCENT", "QUANTITY"})
VALUE_SEP = "; "  # between several values of one kind (dates may hold commas: 'Oct 12, 2021')
PLACE_PREPS = frozenset({"in", "at", "near", "inside", "outside", "across", "throughout"})
PRONOUNS = frozenset({"i", "we", "you", "he", "she", "it", "they", "who", "that", "which", "this", "me", "us", "them"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})
PERSON_PRONOUNS = frozenset({"he", "him", "she", "her", "his"})


@dataclass
class _Context:
    """What one document's claim extraction knows besides the parse."""

    doc: Doc
    ent_at: dict[int, Entity]  # token index -> entity covering it
    surnames: dict[str, str]  # last word of a person's name -> that name as written
    quotes: list[Quote]
    times: list[TimeExpr]
    roles: list[tuple[str, str]]  # (a person's title in lower case, the person's name)
    last_person: str | None = None  # the person who was last the subject of a sentence


def _entity_index(doc: Doc, entities: list[Entity]) -> dict[int, Entity]:
    index: dict[int, Entity] = {}
    for ent in entities:
        span = doc.char_span(ent.start, ent.end, alignment_mode="expand")
        if span is not None:
            for tok in span:
                index[tok.i] = ent
    return index


def _negated(tok: Token) -> bool:
    return any(c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ in ("never", "no")) for c in tok.children)


def _none_of(tok: Token) -> bool:
    """A participant that negates its clause: 'no details', 'nobody', 'none'."""
    return tok.lower_ in ("nobody", "none", "nothing", "noone") or any(
        c.dep_ == "det" and c.lower_ == "no" for c in tok.children)


def _expand_conj(tok: Token) -> list[Token]:
    """A token and the tokens coordinated with it ('Bennett nor Lapid')."""
    out = [tok]
    for c in tok.children:
        if c.dep_ == "conj" and c.pos_ not in ("VERB", "AUX"):
            out.extend(_expand_conj(c))
        elif c.dep_ == "appos":  # 'Gantz, director of ..., and Haluta': the list goes on after the apposition
            out.extend(t for a in c.children if a.dep_ == "conj" for t in _expand_conj(a))
    return out


def _subjects(verb: Token) -> tuple[list[Token], bool]:
    """Subject tokens of a verb (following control and coordination) and whether 'neither/nor' negates them."""
    tok = verb
    while True:
        subs = [c for c in tok.children if c.dep_ in SUBJ_DEPS]
        if subs or tok.dep_ not in ("xcomp", "conj", "acomp") or tok.head.i == tok.i:
            break
        tok = tok.head
    out: list[Token] = []
    neg = False
    for s in subs:
        out.extend(_expand_conj(s))
        if any(c.lower_ in ("neither", "nor") for c in s.subtree):
            neg = True
    return out, neg


def _voice(verb: Token, subs: list[Token]) -> tuple[list, list]:
    """Subjects and objects in active order: 'X was arrested by police' -> police, X; 'X was arrested' -> None, X."""
    objs: list = _objects(verb)
    if not any(c.dep_ == "auxpass" for c in verb.children) or objs:
        return subs, objs or [None]
    agents = [p for c in verb.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
    return [t for a in agents for t in _expand_conj(a)] or [None], subs


def _objects(verb: Token) -> list[Token]:
    """Objects of a verb: direct objects, then participants introduced by a preposition."""
    direct = [c for c in verb.children if c.dep_ in OBJ_DEPS]
    if not direct and verb.lemma_ == "be":
        direct = [c for c in verb.children if c.dep_ == "acomp"]  # 'Iran is not serious'
    if not direct:
        for prep in verb.children:
            if prep.dep_ == "prep" and prep.lower_ in OBJ_PREPS:
                direct.extend(c for c in prep.children if c.dep_ == "pobj")
    out: list[Token] = []
    for d in direct:
        out.extend(_expand_conj(d))
    return out


def _phrase(tok: Token, ctx: _Context) -> tuple[str, bool]:
    """Text naming a participant, and whether it is an actor (an entity or a known surname)."""
    ent = ctx.ent_at.get(tok.i)
    if ent is not None and ent.label in ACTOR_LABELS:
        return ent.text, True
    if tok.lower_ in PERSON_PRONOUNS:
        named = _matrix_person(tok, ctx) if tok.dep_ in ("nsubj", "nsubjpass") else None
        if named or ctx.last_person:
            return named or ctx.last_person, True
    if tok.text in ctx.surnames and tok.text[:1].isupper():
        return tok.text, True
    if tok.lower_ in RELATIVE_PRONOUNS and tok.head.dep_ == "relcl" and tok.head.head.i != tok.i:
        return _phrase(tok.head.head, ctx)  # 'the ship, which rescued X': the ship
    if tok.pos_ == "PRON":
        return tok.lower_, False
    for c in tok.children:  # 'the special envoy, Robert Malley,'
        named = ctx.ent_at.get(c.i) if c.dep_ == "appos" else None
        if named is not None and named.label in ACTOR_LABELS:
            return named.text, True
    mods = [c for c in tok.lefts if c.dep_ in ("compound", "amod", "nummod", "poss") and c.pos_ != "DET"]
    start = min([tok.i] + [m.left_edge.i for m in mods])
    words = [t for t in ctx.doc[start:tok.i + 1] if t.pos_ not in ("DET", "PUNCT") and t.tag_ != "POS"]
    text = " ".join(t.text for t in words) or tok.text
    if tok.lower_ in TITLE_HEADS and any(c.lower_ == "the" for c in tok.children):
        owners = {name for role, name in ctx.roles if text.lower() in role}  # 'the foreign minister'
        if len(owners) == 1:
            return owners.pop(), True
    return text, False


def _matrix_person(pron: Token, ctx: _Context) -> str | None:
    """The person subject of a clause above the pronoun's ('X denied reports that he had met Y' -> X)."""
    tok = pron.head
    while tok.head.i != tok.i:
        tok = tok.head
        for c in tok.children:
            if c.dep_ in ("nsubj", "nsubjpass"):
                ent = ctx.ent_at.get(c.i)
                if ent is not None and ent.label == "PERSON":
                    return ent.text
                if c.text in ctx.surnames:
                    return c.text
    return None


def _clause_tokens(verb: Token, chain: set[int]) -> list[Token]:
    """Words of the clause headed by `verb`, without the words of clauses embedded in it."""
    out: list[Token] = []
    stack = [verb]
    while stack:
        tok = stack.pop()
        out.append(tok)
        for c in tok.children:
            if c.dep_ in CLAUSE_DEPS and c.pos_ in ("VERB", "AUX") and c.i not in chain:
                continue
            stack.append(c)
    return sorted(out, key=lambda t: t.i)


def _values(clause: list[Token], anchors: set[int], used: set[int], ctx: _Context) -> dict[str, str]:
    """Numbers, dates and places attached to the clause's verb or participants (places not themselves participants)."""
    idx = {t.i for t in clause}
    found: dict[str, list[str]] = {}
    for span in ctx.doc.ents:
        if span.root.i not in idx or used & set(range(span.start, span.end)):
            continue
        head = span.root.head
        via_prep = head.dep_ == "prep" and head.head.i in anchors
        if span.label_ in ("DATE", "TIME") and (head.i in anchors or via_prep):
            value = _time_value(span, ctx)
            if value is None and (ctx.times or re.fullmatch(r"\d{1,3}", span.text)):
                continue  # the time tagger saw no date here; a bare small number is an age
            kind, value = "date", value or span.text
        elif span.label_ in NUMBER_LABELS and (head.i in anchors or via_prep):
            kind, value = "number", span.text
        elif span.label_ in PLACE_LABELS and via_prep and head.lower_ in PLACE_PREPS:
            ent = ctx.ent_at.get(span.root.i)
            kind, value = "place", ent.text if ent else span.text
        else:
            continue
        if value not in found.get(kind, []):
            found.setdefault(kind, []).append(value)
    return {k: VALUE_SEP.join(v) for k, v in found.items()}


def _time_value(span: Span, ctx: _Context) -> str | None:
    """The normalized value of the time expression overlapping `span`, when times were given."""
    for t in ctx.times:
        if t.start < span.end_char and span.start_char < t.end:
            return t.value
    return None


def _according_to(tok: Token, ctx: _Context) -> tuple[str, bool] | None:
    """The source named by an 'according to X' dependent of `tok`."""
    for c in tok.children:
        if c.lower_ == "according":
            for p in (p for to in c.children for p in to.children if p.dep_ == "pobj"):
                return _phrase(p, ctx)
    return None


def _attribution(verb: Token, ctx: _Context) -> tuple[str | None, bool, bool]:
    """Who a clause is attributed to ('X said', 'according to X', a quote's speaker): (name, is actor, attributed).

    A pronoun source ('we said') gives way to a named one further up or to the quote's speaker."""
    found: list[tuple[str, bool, bool]] = []
    tok = verb
    while True:
        source = _according_to(tok, ctx)
        if source:
            found.append((source[0], source[1], source[0].lower() in PRONOUNS))
        speaker = _denier(tok) or (tok.head if tok.dep_ in ("ccomp", "parataxis") and tok.head.lemma_ in REPORT_VERBS
                                   else None)
        if speaker is not None:
            subs, _ = _subjects(speaker)
            if subs:
                name, actor = _phrase(subs[0], ctx)
                found.append((name, actor, subs[0].pos_ == "PRON" and not actor))
        if tok.head.i == tok.i or _background(tok):
            break
        tok = tok.head
    for name, actor, pronoun in found:
        if not pronoun:
            return name, actor, True
    for q in ctx.quotes:  # direct quotes only: indirect ones are the 'X said' clauses handled above
        if q.direct and q.start <= verb.idx < q.end and q.speaker and q.speaker.lower() not in PRONOUNS:
            return q.speaker, not q.anonymous, True
    if found:
        return found[0][0], found[0][1], True
    return None, False, False


def _background(tok: Token) -> bool:
    """A temporal clause ('after Iran announced ...'): background to a statement, not part of it."""
    return tok.dep_ == "advcl" and any(c.dep_ in ("mark", "advmod") and c.lower_ in TEMPORAL_MARKS for c in tok.children)


def _relation(verb: Token) -> str:
    """Lemma of a verb with its particle ('pick up')."""
    prt = [c.lower_ for c in verb.children if c.dep_ == "prt"]
    return " ".join([verb.lemma_.lower()] + prt)


def _hypothetical(tok: Token) -> bool:
    """A clause under 'if', 'unless' or 'whether', also through coordination and infinitives."""
    while True:
        if any(c.dep_ == "mark" and c.lower_ in HYPOTHETICAL for c in tok.children):
            return True
        if tok.dep_ not in ("conj", "xcomp") or tok.head.i == tok.i:
            return False
        tok = tok.head


def _acomps(tok: Token) -> list[Token]:
    """Adjectives a verb predicates ('is likely'), whose own complements belong to the clause."""
    return [t for c in tok.children if c.dep_ == "acomp" for t in c.children]


def _denier(tok: Token) -> Token | None:
    """The denial verb a clause is denied by: 'denied that X met Y', 'denied reports that X met Y'."""
    head = tok.head
    if tok.dep_ == "ccomp" and head.lemma_ in DENIAL_VERBS:
        return head
    if tok.dep_ == "acl" and head.dep_ == "dobj" and head.head.lemma_ in DENIAL_VERBS:
        return head.head
    return None


def _predicates(sent: Span) -> list[tuple[Token, Token, str | None]]:
    """(verb carrying the claim, verb carrying the subject, modality verb) for each clause."""
    out = []
    for tok in sent:
        if tok.pos_ not in ("VERB", "AUX") or tok.dep_ in ("aux", "auxpass"):
            continue
        if tok.lemma_ in MODAL_VERBS or tok.lower_ in MODAL_VERBS:
            continue  # handled through its complement
        if _hypothetical(tok):
            continue  # 'if the Iranians are serious' asserts nothing
        if any(c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX") for c in (*tok.children, *_acomps(tok))):
            continue  # 'prefers to keep', 'is likely to meet': one claim, made at the complement
        head = tok.head
        if tok.dep_ == "xcomp" and (head.lemma_ in MODAL_VERBS or head.lower_ in MODAL_VERBS):
            out.append((tok, head, MODAL_VERBS.get(head.lemma_) or MODAL_VERBS[head.lower_]))
        elif _denier(tok) is not None:
            out.append((tok, tok, "denied"))
        elif tok.lemma_ in REPORT_VERBS and any(c.dep_ in ("ccomp", "parataxis") for c in tok.children):
            continue  # the statement is the complement, attributed to this verb's subject
        else:
            out.append((tok, tok, None))
    return out


def _sentence_claims(sent: Span, ctx: _Context) -> list[Claim]:
    claims: list[Claim] = []
    if sent.text.rstrip().rstrip('"”’').endswith("?"):
        _remember_subject(sent, ctx)
        return claims  # a question asserts nothing
    for verb, outer, modal in _predicates(sent):
        subs, nor = _subjects(outer)
        if not subs:
            continue
        chain = {verb.i, outer.i}
        polarity = not (_negated(verb) or _negated(outer) or nor)
        modality = modal or "asserted"
        if modal in NEGATING or outer.lower_ in NEGATED_MODALS:
            polarity = not polarity
        relation = _relation(verb)
        if verb.dep_ == "xcomp" and modal is None and verb.head.pos_ == "VERB":
            relation = f"{_relation(verb.head)} to {relation}"
            chain.add(verb.head.i)
        subs, objs = _voice(verb, subs)
        attribution, by_actor, attributed = _attribution(outer, ctx)
        if modality == "asserted" and (attributed or any(c.lower_ in HEDGE_ADVERBS for c in outer.children)):
            modality = "reported"
        clause = _clause_tokens(outer, chain)
        for s in subs:
            s_text, s_actor = _phrase(s, ctx) if s is not None else ("", False)  # '' : an agent not named
            if s_text in ("i", "me") and attribution and by_actor:  # 'I endorse X', said by the quote's speaker
                s_text, s_actor = attribution, True
            for o in objs:
                o_text, o_actor = _phrase(o, ctx) if o is not None else ("", False)
                if o is not None and not any(ch.isalnum() for ch in o_text):
                    continue  # a stray hyphen or quote mark parsed as an object
                parts = [t for t in (s, o) if t is not None]
                polarity_here = polarity != any(_none_of(t) for t in parts)  # 'provided no details', 'nobody came'
                used = {t.i for t in parts}
                values = _values(clause, chain | used, used, ctx)
                if s is None:
                    values["passive"] = verb.lower_  # the participle, to say 'X was born' when no agent is named
                if not o_actor and not s_actor and (s_text in PRONOUNS or any(t.pos_ == "PRON" for t in parts[:1])):
                    continue
                if not o_text and (relation in LIGHT_VERBS or verb.lemma_ in REPORT_VERBS and not values):
                    continue  # 'Price stated', 'Israel is concerned': nothing to compare
                if not (s_actor or o_actor or by_actor or "number" in values or "date" in values):
                    continue
                claims.append(Claim(
                    subject=s_text, relation=relation, object=o_text,
                    start=sent.start_char, end=sent.end_char, polarity=polarity_here, modality=modality,
                    time=values.get("date", "").split(VALUE_SEP)[0] or None, attribution=attribution,
                    values=values,
                ))
    _remember_subject(sent, ctx)
    return claims


def _remember_subject(sent: Span, ctx: _Context) -> None:
    """Keep the last person who was a sentence's subject, for 'he'/'him' in the next sentences."""
    for tok in sent:
        if tok.dep_ in ("nsubj", "nsubjpass"):
            ent = ctx.ent_at.get(tok.i)
            if ent is not None and ent.label == "PERSON":
                ctx.last_person = ent.text
                return
            if tok.text in ctx.surnames and tok.text[:1].isupper():
                ctx.last_person = tok.text
                return


def claims_from_doc(doc: Doc, entities: list[Entity], quotes: list[Quote] | None = None,
                    times: list[TimeExpr] | None = None) -> list[Claim]:
    """Statements of a parsed Doc as claims about its entities; quotes and times refine attribution and dates."""
    persons = [e for e in entities if e.label == "PERSON"]
    ctx = _Context(
        doc=doc, ent_at=_entity_index(doc, entities),
        surnames={e.text.split()[-1]: e.text for e in persons if len(e.text.split()) > 1},
        quotes=list(quotes or []), times=list(times or []),
        roles=[(e.role.lower(), e.text) for e in persons if e.role],
    )
    out: list[Claim] = []
    for sent in doc.sents:
        out.extend(_sentence_claims(sent, ctx))
    return out
