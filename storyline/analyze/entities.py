"""Named entities from a parsed spaCy Doc: who and where, with titles before a name kept as a role.

Reads doc.ents (the 'ner' component) and the dependency parse (for the title words that precede a
person's name: 'Foreign Minister Yair Lapid' -> text 'Yair Lapid', role 'Foreign Minister').
Adds nothing to the text; offsets are character offsets into doc.text.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from ..model import Entity

LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT"})

# Head words of a title or function ('Defense Minister', 'State Department spokesperson').
TITLE_HEADS = frozenset(
    """minister president premier spokesperson spokesman spokeswoman director adviser advisor secretary
    envoy ambassador chief general senator governor leader chairman chairwoman chair head commander
    official officer mayor king queen prince emir sheikh chancellor deputy representative delegate
    negotiator diplomat judge justice prosecutor attorney lawyer analyst correspondent reporter editor
    ceo founder coach captain colonel lieutenant major sergeant admiral marshal councillor councilor
    congressman congresswoman lawmaker legislator mp speaker candidate nominee professor dr doctor
    pope cardinal bishop rabbi imam cleric commissioner inspector superintendent sheriff
    economist scientist researcher expert activist author executive manager member""".split()
)

# Last words that make an entity inside a title an organisation in its own right
# ('US State Department spokesperson' keeps 'US State Department'; 'Defense Minister' drops 'Defense').
ORG_HEADS = frozenset(
    """department ministry agency office council commission court party army force forces police
    bank fund union organization organisation committee parliament senate congress government
    authority service corps guard university institute news channel""".split()
)

# Tokens a title may be made of, left of the name.
_TITLE_DEPS = frozenset({"compound", "amod", "nmod", "poss", "case", "punct", "nummod"})


def _clean_span(span: Span) -> Span:
    """Trim a leading determiner and a trailing possessive ('the US', 'Bennet’s')."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].lower_ in ("the", "a", "an") or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].lower_ in ("'s", "’s", "'", "’")
                           or doc[end - 1].is_punct):
        end -= 1
    return doc[start:end] if end > start else span


def _title_tokens_left(span: Span) -> list[Token]:
    """Tokens right before `span` that form a title modifying it ('US State Department spokesperson')."""
    doc = span.doc
    inside = set(range(span.start, span.end))  # the name, then the title words taken so far
    taken: list[Token] = []
    for i in range(span.start - 1, -1, -1):
        tok = doc[i]
        if tok.is_space or tok.dep_ not in _TITLE_DEPS or tok.pos_ in ("DET", "PRON", "VERB", "AUX"):
            break
        if (tok.is_punct and tok.text not in ("-", ".")) or tok.head.i not in inside:
            break  # a title word modifies the name or another title word to its right
        taken.insert(0, tok)
        inside.add(i)
    return taken


def _role_left(span: Span) -> tuple[int, str] | None:
    """The title before a person's name as (start char, text), or None when there is no title."""
    toks = _title_tokens_left(span)
    # the title must end (next to the name) in a title word, or contain one
    while toks and toks[0].is_punct:
        toks = toks[1:]
    def titled(t: Token) -> bool:  # a known title, or a lower-case common noun ('filmmaker Jane Doe')
        return t.lower_ in TITLE_HEADS or (t.pos_ == "NOUN" and t.text.islower() and t.is_alpha)

    if not toks or not any(titled(t) for t in toks):
        return None
    last_title = max(i for i, t in enumerate(toks) if titled(t))
    if last_title != len(toks) - 1 and not all(t.pos_ == "PROPN" for t in toks[last_title + 1:]):
        return None
    first = toks[0]
    i = first.i - 1 - (first.i > 0 and span.doc[first.i - 1].pos_ == "DET")
    if i > 0 and span.doc[i].lower_ == "of" and span.doc[i].head.i == i - 1 and titled(span.doc[i - 1]):
        first = span.doc[i - 1]  # 'director of the Mossad spy agency David Barnea'
    start = first.idx
    return start, span.doc.text[start:toks[-1].idx + len(toks[-1].text)]


def _role_appos(span: Span) -> str | None:
    """A title given in apposition: 'Robert Malley, the US Special Envoy for Iran'."""
    root = span.root
    cands = [c for c in root.children if c.dep_ == "appos"]
    if root.dep_ == "appos":
        cands.append(root.head)
    for head in cands:
        if head.lower_ not in TITLE_HEADS:
            continue
        sub = [t for t in head.subtree if not (span.start <= t.i < span.end)]
        sub = [t for t in sub if t.dep_ not in ("punct", "appos") or t.i == head.i]
        # keep the contiguous phrase around the head, without determiners at its edges
        left = head.i
        while left - 1 >= 0 and head.doc[left - 1] in sub and not head.doc[left - 1].is_punct:
            left -= 1
        right = head.i
        while right + 1 < len(head.doc) and head.doc[right + 1] in sub and not head.doc[right + 1].is_punct:
            right += 1
        phrase = head.doc[left:right + 1]
        while len(phrase) and phrase[0].pos_ == "DET":
            phrase = phrase[1:]
        if len(phrase):
            return phrase.text
    return None


def entities_from_doc(doc: Doc) -> list[Entity]:
    """People, organisations and places in a parsed Doc, with a person's title kept as its role."""
    out: list[Entity] = []
    role_spans: list[tuple[int, int]] = []
    ents = [e for e in doc.ents if e.label_ in LABELS]
    for ent in ents:
        span = _clean_span(ent)
        if not span.text.strip():
            continue
        role = None
        if ent.label_ == "PERSON":
            span, inner = _split_inner_title(span)
            left = _role_left(span) if inner is None else None
            if inner is not None:
                role_spans.append((inner.start_char, span.start_char))
                role = inner.text
            elif left:
                role_spans.append((left[0], span.start_char))
                role = left[1]
            else:
                role = _role_appos(span)
        out.append(Entity(start=span.start_char, end=span.end_char, text=span.text, label=ent.label_, role=role))
    return [e for e in out if not _inside_title(e, role_spans, doc)]


def _split_inner_title(span: Span) -> tuple[Span, Span | None]:
    """Split a title the tagger put inside a person's name ('Spokesperson Dana Whitcomb')."""
    last = max((t.i for t in span[:-1] if t.lower_ in TITLE_HEADS), default=None)
    if last is None:
        return span, None
    doc = span.doc
    left = _title_tokens_left(span)
    start = left[0].i if left and any(t.lower_ in TITLE_HEADS for t in left) else span.start
    return doc[last + 1:span.end], doc[start:last + 1]


def _inside_title(ent: Entity, role_spans: list[tuple[int, int]], doc: Doc) -> bool:
    """True for an entity that is only a piece of a title ('Defense' in 'Defense Minister')."""
    if ent.label in ("GPE", "NORP", "LOC"):
        return False
    for start, end in role_spans:
        if start <= ent.start and ent.end <= end:
            following = doc.text[ent.end:end].split()
            last = ent.text.split()[-1].lower()
            return bool(following) and following[0].lower() in TITLE_HEADS and last not in ORG_HEADS
    return False
