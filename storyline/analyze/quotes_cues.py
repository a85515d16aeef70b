"""Attribution cues and the dependency rules that find source and content around them.

A cue is a verb of saying, reporting or thinking ('said', 'warned', 'argues', 'believes'),
'according to', or a verb whose object is what somebody said ('accused X of', 'urged X to').
The rules read one parsed sentence (a spaCy Span) and return raw attributions in character
offsets of the text the parse came from, shifted by `base`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# verbs whose clausal complement (ccomp: 'said that ...', '"...," she said') is the content
_SPEECH = """say tell add write note report announce suggest explain continue recall warn insist
conclude agree respond reply state stress emphasize emphasise point predict estimate admit deny
confirm complain contend maintain assert allege charge testify reveal disclose indicate signal hint
mention observe remark comment counter retort joke quip boast brag concede declare claim argue
acknowledge tweet post opine proclaim tout underline underscore reiterate repeat shout yell scream
whisper cry plead ask wonder question caution advise assure reassure remind inform promise vow
pledge threaten swear forecast show find learn hear read blog email text demand propose recommend
affirm believe think feel hope fear worry expect know realize realise understand recognize
recognise reckon guess assume suppose imagine speculate suspect doubt figure urge
lament insinuate theorize posit project reason clarify specify detail elaborate describe
demonstrate prove illustrate establish determine rule decide grumble muse sniff scoff snap
counsel instruct order direct caution predict guarantee bet concede allow grant note quote
exclaim interject chime chant rant gush fume marvel shoot fire hit imply rebut vent gripe concur""".split()

# verbs whose object or complement carries the content ('accused X of ...', 'urged X to ...')
_OBJECT = """accuse urge call describe praise criticize criticise defend support oppose endorse
refuse decline promise vow pledge propose demand ask blame slam blast condemn attack dismiss reject
deny cite label dub welcome applaud credit question challenge back encourage warn tout hail mock
ridicule deride lambaste chide scold fault push advocate vow threaten pledge claim dispute
characterize characterise portray brand decry denounce want refer seek appear seem express discuss
echo thank offer voice""".split()

_IRREGULAR = {
    "say": ["said", "says", "saying"], "tell": ["told", "telling", "tells"],
    "write": ["wrote", "written", "writing", "writes"], "find": ["found", "finding", "finds"],
    "hear": ["heard"], "read": ["reads", "reading"], "think": ["thought", "thinks", "thinking"],
    "feel": ["felt"], "know": ["knew", "known"], "show": ["shown"], "swear": ["swore", "sworn"],
    "learn": ["learnt"], "understand": ["understood"], "bet": ["bets", "betting"],
    "admit": ["admitted", "admitting"], "regret": ["regretted"], "snap": ["snapped", "snapping"],
    "quip": ["quipped", "quipping"], "brag": ["bragged", "bragging"], "text": ["texted"],
    "rule": ["ruled"], "dub": ["dubbed", "dubbing"], "scoff": ["scoffed"], "seek": ["sought"], "shoot": ["shot", "shooting"],
    "refer": ["referred", "referring"],
}


def _forms(lemma: str) -> set[str]:
    """Regular English inflections of a verb lemma, plus the irregular ones listed above."""
    forms = {lemma}
    if lemma.endswith("e"):
        forms |= {lemma + "s", lemma + "d", lemma[:-1] + "ing"}
    elif lemma.endswith("y") and lemma[-2] not in "aeiou":
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"}
    elif lemma.endswith(("s", "sh", "ch", "x", "z")):
        forms |= {lemma + "es", lemma + "ed", lemma + "ing"}
    else:
        forms |= {lemma + "s", lemma + "ed", lemma + "ing"}
    forms |= set(_IRREGULAR.get(lemma, []))
    return forms


# forms that are mostly nouns or other words in news ('the United States', 'a point', 'I think'
# inside quotes): they would send most sentences to the parser for few attributions
_WEAK = frozenset("""state states text texts tweet tweets post posts point points comment comments
remark remarks attack attacks email emails find read reads reason reasons report question questions
continue back backs know feel support fire fires hit hits order orders project projects figure
figures rule rules show direct allow grant signal signals hint hints charge charges detail details
demand demands count wish reports""".split())
ALL_FORMS = frozenset(f for v in _SPEECH + _OBJECT for f in _forms(v))  # next to a quote, 'notes' is a verb
SPEECH_FORMS = frozenset(f for v in _SPEECH for f in _forms(v)) - _WEAK
OBJECT_FORMS = frozenset(f for v in _OBJECT for f in _forms(v)) - _WEAK
CUE_FORMS = SPEECH_FORMS | OBJECT_FORMS
_WORD = re.compile(r"[A-Za-z]+")
_OBJECT_DEPS = ("dobj", "xcomp", "oprd", "dative")
_OBJECT_PREPS = ("for", "of", "as", "about", "on", "over", "against", "to")
_SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
_CLAUSE_LINKS = ("advcl", "conj", "xcomp", "pcomp", "acl")  # '..., adding that'; 'said ... and added'


def may_hold_cue(sentence: str) -> bool:
    """Cheap test (no model) whether a sentence holds a cue word and is worth parsing."""
    return ends_with_colon(sentence) or any(
        w.lower() in CUE_FORMS or w == "according" or w == "According" for w in _WORD.findall(sentence))


@dataclass
class RawAttribution:
    """An attribution found by the rules, in character offsets; `source` is the head token."""

    start: int
    end: int
    cue_start: int
    cue_end: int
    source: object | None = None  # spaCy Token heading the source mention
    base: int = 0  # text offset of the parsed piece the source token belongs to
    kind: str = "verb"  # verb, according, object, bare (cue alone), quote (a passage going on from the last speaker)
    mention: tuple[int, int] | None = None  # speaker span found without a parse (no `source` token)


def _char_span(tokens: list, base: int) -> tuple[int, int]:
    first = min(tokens, key=lambda t: t.i)
    last = max(tokens, key=lambda t: t.i)
    return base + first.idx, base + last.idx + len(last.text)


def _subtree_span(tok, base: int) -> tuple[int, int]:
    return base + tok.left_edge.idx, base + tok.right_edge.idx + len(tok.right_edge.text)


def _subject(verb, inside: tuple[int, int] | None = None):
    """The subject of a cue verb, climbing through '..., adding that' and conjoined verbs; never
    a word of the content (`inside`, in token indices)."""
    for _ in range(3):
        for c in verb.children:
            if c.dep_ in _SUBJECT_DEPS and not (inside and inside[0] <= c.i <= inside[1]):
                return c
        if verb.dep_ == "acl" and verb.head.tag_.startswith("NN"):  # 'footage of Clinton asking, "..."'
            return verb.head
        if verb.dep_ == "xcomp":  # 'led the journalist Dainis Ivans to fear': the object is the subject
            obj = next((c for c in verb.head.children if c.dep_ == "dobj" and c.i < verb.i), None)
            if obj is not None:
                return obj
        if verb.dep_ in _CLAUSE_LINKS and verb.head is not verb:
            verb = verb.head
        else:
            return None
    return None


def _adjacent_name(verb):
    """A name or pronoun right before or after a cue verb the parser left without a subject
    ('..." Bozell notes', '..." said Pavone')."""
    before = verb.i - 1
    if before >= 0 and verb.doc[before].text == ")":  # 'Paul Ryan (R-WI) said'
        while before > 0 and verb.doc[before].text != "(":
            before -= 1
        before -= 1
    for j in (before, verb.i + 1):
        if 0 <= j < len(verb.doc):
            t = verb.doc[j]
            if t.tag_ in ("NNP", "NNPS", "PRP") and t.lower_ not in ("it", "us", "me", "him", "them"):
                return t
    return None


def _token_range(sent, span: tuple[int, int] | None, base: int) -> tuple[int, int] | None:
    """Token indices of the doc that a character span (shifted by `base`) covers; the span is a cue's
    content, made of its dependency subtrees, so it lies within the cue's sentence `sent`."""
    if span is None:
        return None
    inside = [t.i for t in sent if span[0] <= base + t.idx < span[1]]
    return (inside[0], inside[-1]) if inside else None


def _is_cue_verb(tok) -> bool:
    return tok.tag_.startswith("VB") and tok.lower_ in CUE_FORMS


def _complement_span(verb, base: int) -> tuple[tuple[int, int] | None, str]:
    """Content of a cue verb: its clausal complement, or (for object cues) what follows it."""
    comps = [c for c in verb.children if c.dep_ == "ccomp"]
    if any(c.i > verb.i for c in comps) and any(c.i < verb.i for c in comps):  # 'A slammed X, B affirmed that Y'
        comps = [c for c in comps if c.i > verb.i]
    if comps:
        return _span_of_subtrees(comps, base), "verb"
    if verb.dep_ == "parataxis" and verb.head.tag_.startswith("VB"):  # 'We will win, he said, and ...'
        return _outside(verb.head, verb, base), "verb"
    if verb.lower_ in CUE_FORMS:
        objs = [c for c in verb.children if c.i > verb.i and (
            c.dep_ in _OBJECT_DEPS or (c.dep_ == "prep" and c.lower_ in _OBJECT_PREPS))]
        if objs and any(c.dep_ in _SUBJECT_DEPS for c in verb.children) or objs and verb.dep_ in _CLAUSE_LINKS:
            return _span_of_subtrees(objs, base), "object"
    return None, ""


def _span_of_subtrees(tokens: list, base: int) -> tuple[int, int]:
    starts, ends = zip(*(_subtree_span(t, base) for t in tokens))
    return min(starts), max(ends)


def _outside(head, inner, base: int) -> tuple[int, int] | None:
    """The larger contiguous part of `head`'s subtree that is outside `inner`'s subtree."""
    left = [t for t in head.subtree if t.i < inner.left_edge.i and not t.is_punct]
    right = [t for t in head.subtree if t.i > inner.right_edge.i and not t.is_punct]
    part = left if sum(len(t) for t in left) >= sum(len(t) for t in right) else right
    return _char_span(part, base) if part else None


def _according(tok, sent, base: int) -> RawAttribution | None:
    """'according to X': X is the source, the rest of the clause is the content."""
    to = next((c for c in tok.children if c.lower_ == "to"), None)
    if to is None and tok.i + 1 < len(tok.doc) and tok.nbor().lower_ == "to":
        to = tok.nbor()
    if to is None:
        return None
    pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
    inner_left, inner_right = tok.i, (pobj.right_edge.i if pobj is not None else to.i)
    left = [t for t in sent if t.i < inner_left and not t.is_punct]
    right = [t for t in sent if t.i > inner_right and not t.is_punct]
    part = left if sum(len(t) for t in left) >= sum(len(t) for t in right) else right
    if not part:
        return None
    start, end = _char_span(part, base)
    cue_start, cue_end = _char_span([tok, to], base)
    return RawAttribution(start, end, cue_start, cue_end, source=pobj, base=base, kind="according")


def _colon_intro(colon, sent, base: int) -> RawAttribution | None:
    """'Philip Bump:' or 'Stated Stone:' before a quote: the clause's subject (or its head noun,
    when the clause has no verb) introduces what follows the colon."""
    root = colon.head if colon.head.i < colon.i else sent.root
    while root.head is not root and root.head.i < colon.i and root.dep_ not in ("ROOT",):
        root = root.head
    before = colon.doc[colon.i - 1] if colon.i > sent.start else None
    if before is not None and before.tag_ in ("NNP", "NNPS", "NN", "NNS") and before.i > sent.start and (
            before.dep_ in ("pobj", "appos", "npadvmod", "dep") or before.text[:1].isupper()):
        return RawAttribution(base + colon.idx + 1, base + colon.idx + 1, base + colon.idx, base + colon.idx + 1,
                              source=before, base=base, kind="bare")  # '... - Philip Bump:', 'More from Jones:'
    source = next((c for c in root.children if c.dep_ in _SUBJECT_DEPS and c.i < colon.i), None)
    if source is None and root.tag_ in ("NNP", "NNPS", "NN", "NNS") and root.i < colon.i:
        source = root
    if source is None:
        return None
    end = base + colon.idx + 1
    return RawAttribution(end, end, base + colon.idx, end, source=source, base=base, kind="bare")


def ends_with_colon(sentence: str) -> bool:
    """Whether a sentence introduces what follows with a colon ('Stated Stone:')."""
    return sentence.rstrip().endswith(":") or bool(re.search(r":\s*[\"“]", sentence))


def attributions_in(sent, base: int = 0) -> list[RawAttribution]:
    """Attributions whose cue lies in the parsed sentence `sent`; offsets shifted by `base`."""
    found: list[RawAttribution] = []
    for tok in sent:
        if tok.text == ":" and (tok.i + 1 >= sent.end or tok.nbor().text in ('"', "“")):
            att = _colon_intro(tok, sent, base)
            if att is not None:
                found.append(att)
            continue
        if tok.lower_ == "according":
            att = _according(tok, sent, base)
            if att is not None:
                found.append(att)
            continue
        if not _is_cue_verb(tok):
            continue
        span, kind = _complement_span(tok, base)
        cue_tokens = [tok] + [c for c in tok.children if c.dep_ in ("aux", "prt", "neg") and c.i > tok.i - 3]
        cue_start, cue_end = _char_span(cue_tokens, base)
        if span is not None and span[0] <= cue_start < span[1]:  # the content wraps the cue: keep the larger side
            span = (span[0], cue_start) if cue_start - span[0] >= span[1] - cue_end else (cue_end, span[1])
        inside = _token_range(sent, span, base)
        source = _subject(tok, inside) or _adjacent_name(tok)
        if source is None and tok.dep_ in ("advcl", "conj", "xcomp", "pcomp", "ccomp", "parataxis"):  # "..., calling him \"a stiff\"": the sentence's subject
            source = _subject(sent.root, inside)
        if span is None:  # 'Devine replied:' or '..." Bond said onstage': may own a quote beside it
            if source is not None:
                found.append(RawAttribution(cue_end, cue_end, cue_start, cue_end, source=source, base=base, kind="bare"))
            continue
        found.append(RawAttribution(span[0], span[1], cue_start, cue_end, source=source, base=base, kind=kind))
    return found
