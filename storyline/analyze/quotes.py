"""Quotes and attributions with their speakers: who said what, directly or reported.

Reads: the article text (and a spaCy parse of it). Adds: `Quote`s with content, cue and speaker
spans. Rule-first for speed: quotation marks and sentences are found on the raw text, and only
sentences that hold a cue word ('said', 'according to', 'warned', ...) go through the parser;
dependency rules then take the source from the cue's subject and the content from its complement.
Quoted passages are joined to the attribution next to them, across paragraphs when news style
leaves the quote open at a paragraph's end.

A Quote's `direct` is True when its content holds quotation marks (as PolNeAR counts it: a partial
quote inside reported speech counts too); `speaker` is the resolved name ('Ned Price' for 'Price',
the last speaker for 'he') or, for an unnamed source, its mention, with `anonymous` set.
An attribution nested in another one's content ('said he thought that ...') or inside a direct
quote ('"I think we win," she said') is left out: the outer one carries it.
"""

from __future__ import annotations

import multiprocessing
import re
from itertools import islice
from typing import Iterable, Iterator

from threadpoolctl import threadpool_limits

from ..errors import Rejected
from ..model import Quote
from .nlp import load_nlp
from .quotes_cues import ALL_FORMS, SPEECH_FORMS, RawAttribution, attributions_in, may_hold_cue
from .quotes_marks import has_double_mark, quoted_spans, split_sentences
from .quotes_speakers import SpeakerIndex, describe, describe_mention

# components the rules do not read (tags and dependencies come from tagger and parser)
DISABLED = ("ner", "lemmatizer", "attribute_ruler")
_MIN_UNATTRIBUTED_WORDS = 6  # a free-standing quoted passage shorter than this is a scare quote or a title
_NEAR = 80  # characters between a quoted passage and the cue clause that introduces it
_LONGEST_SENTENCE = 3000  # longer 'sentences' are tables or run-on dumps: not parsed (quotes still found)
_GOES_ON = 600  # a free quote this close after the last one is taken to go on from the same speaker


def extract_quotes(texts: Iterable[str], batch_size: int = 32, n_process: int = 1) -> Iterator[list[Quote]]:
    """One list of quotes per input text, in order; parses only sentences that hold a cue word.
    `n_process` > 1 shares the batches among forked worker processes (the model loads once, before)."""
    load_nlp(disable=DISABLED)
    texts = iter(texts)
    chunks = iter(lambda: list(islice(texts, batch_size)), [])
    if n_process <= 1:
        for chunk in chunks:
            yield from _quotes_of_chunk(chunk)
        return
    with multiprocessing.get_context("fork").Pool(n_process) as pool:
        for found in pool.imap(_quotes_of_chunk, chunks):
            yield from found


def _quotes_of_chunk(chunk: list[str]) -> list[list[Quote]]:
    """Quotes of a batch of texts: their cue sentences go through the parser together."""
    nlp = load_nlp(disable=DISABLED)
    for text in chunk:
        if not isinstance(text, str):
            raise Rejected(f"quotes need article text as a string, got {type(text).__name__}")
    quoted = [quoted_spans(text) for text in chunk]
    pieces = [(i, s, text[s:e]) for i, text in enumerate(chunk) for s, e in _candidate_sentences(text, quoted[i])]
    parsed: list[list] = [[] for _ in chunk]
    with threadpool_limits(limits=1, user_api="blas"):  # one core per process: faster on a shared machine
        docs = nlp.pipe((p[2] for p in pieces), batch_size=128)
        for (i, start, _), doc in zip(pieces, docs):
            parsed[i].append((doc[:], start))
    return [_assemble(text, sents, q) for text, sents, q in zip(chunk, parsed, quoted)]


def quotes_from_doc(doc) -> list[Quote]:
    """Quotes of an already parsed spaCy Doc (shares one parse with the other analyzers); the
    pipeline that made it must have run the tagger and the parser."""
    if not (doc.has_annotation("DEP") and doc.has_annotation("TAG")):
        raise ValueError("quotes_from_doc needs a Doc with tags and dependencies (run the tagger and parser)")
    return _assemble(doc.text, [(sent, 0) for sent in doc.sents])


def _candidate_sentences(text: str, quoted: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sentence spans worth parsing: those that hold a cue word outside quotation marks (a cue
    inside a quote, as in '"I think we win"', is part of what somebody said)."""
    return [(s, e) for s, e in split_sentences(text)
            if e - s <= _LONGEST_SENTENCE and may_hold_cue(text[s:e]) and not any(qs <= s and e <= qe for qs, qe in quoted)]


def _assemble(text: str, sentences: list, quoted: list[tuple[int, int]] | None = None) -> list[Quote]:
    """Attributions from the parsed sentences, joined with the quoted passages of the text."""
    raws: list[RawAttribution] = []
    for sent, base in sentences:
        raws.extend(attributions_in(sent, base))
    raws.sort(key=lambda a: (a.start, a.cue_start))
    quoted = quoted_spans(text) if quoted is None else quoted
    raws.extend(_labelled_lines(text, raws))
    raws = [a for a in raws if not any(s < a.cue_start < e - 1 for s, e in quoted)]  # 'I think' inside a quote
    _quote_after_cue(text, raws, quoted)
    _join_quoted(text, raws, quoted)
    _speakers_outside_quotes(text, raws, quoted)
    raws = _dedupe([a for a in raws if a.end > a.start])
    # 'said he thought that ...': PolNeAR marks the outer attribution only
    raws = [a for a in raws if not any(o is not a and o.start <= a.cue_start < o.end for o in raws)]
    index = SpeakerIndex(text)
    out: list[Quote] = []
    for att in sorted(raws, key=lambda a: min(a.start, a.cue_start)):
        out.append(_to_quote(text, att, index))
    return out


def _quote_after_cue(text: str, raws: list[RawAttribution], quoted: list[tuple[int, int]]) -> None:
    """'X said "...' or 'X said: "...': the quote right after the cue is the content, whatever
    the parse made of the sentence."""
    starts = {s: e for s, e in quoted}
    for a in raws:
        if a.cue_start < 0 or a.kind not in ("verb", "bare") or not _says(text[a.cue_start:a.cue_end]):
            continue
        m = re.compile(r"[\s,:]{0,3}").match(text, a.cue_end)
        qs = m.end()
        if qs in starts and not (a.start < starts[qs] and qs < a.end and a.start >= a.cue_end):
            a.start, a.end = qs, starts[qs]


def _says(cue: str) -> bool:
    words = cue.lower().split()
    return bool(words) and words[0] in SPEECH_FORMS


def _paragraph_of(text: str, pos: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, (len(text) if end < 0 else end)


def _join_quoted(text: str, raws: list[RawAttribution], quoted: list[tuple[int, int]]) -> None:
    """Widen attributions over the quoted passages they touch; attach free passages to the cue
    beside them, or to the attribution of the passage before ('"A," he said. "B."')."""
    last_owner: RawAttribution | None = None
    last_end = -1
    for qs, qe in quoted:
        owner = next((a for a in raws if a.start < qe and qs < a.end and not qs <= a.cue_start < qe), None)
        if owner is None:
            owner = _cue_beside(text, raws, qs, qe, quoted)
        if owner is None and last_owner is not None and _continues(text, last_owner, last_end, qs):
            owner = last_owner
        if owner is None:
            owner = _speaker_by_pattern(text, qs, qe)
            if owner is not None:
                raws.append(owner)
        if owner is None:
            if len(text[qs:qe].split()) >= _MIN_UNATTRIBUTED_WORDS:
                att = RawAttribution(qs, qe, -1, -1, kind="quote")
                before = _speaker_before(text, raws, qs) or (last_owner if qs - last_end < _GOES_ON else None)
                if before is not None:
                    att.source, att.base, att.mention = before.source, before.base, before.mention
                raws.append(att)
                owner = att
            else:
                continue
        owner.start, owner.end = min(owner.start, qs), max(owner.end, qe)
        last_owner, last_end = owner, qe


_NAME = r"(?:[A-Z][\w’'.-]*[^\S\n]+){0,3}[A-Z][\w’'.-]+|[Hh]e|[Ss]he|[Tt]hey|[Tt]he[^\S\n]+[a-z]+"
_AFTER_QUOTE = re.compile(
    rf"(?:[^\S\n]|,)*(?:(?P<name>{_NAME})[^\S\n]+(?:also[^\S\n]+)?(?P<cue>[a-z]+)|(?P<cue2>[a-z]+)[^\S\n]+(?P<name2>{_NAME}))\b")
_NAME_AFTER_CUE = re.compile(rf"[^\S\n]+(?P<name>{_NAME})\b")  # 'said James Acton'
_NAME_BEFORE_CUE = re.compile(rf"(?P<name>{_NAME})[^\S\n]+$")  # 'James Acton said'
_PAST_OR_PRESENT = re.compile(r"[a-z]{2,}(?:ed|[^s]s)")  # '..." Trump barked', '..." beamed Donald Hartley'
_DASH_NAME = re.compile(rf"(?:[^\S\n]|\.)*(?P<dash>[―—])[^\S\n]*(?P<name>{_NAME})(?:[^\S\n]|\.)*(?=\n|$)")  # '"..." ― Karen Bobadilla'
_NAME_COLON = re.compile(rf"(?P<name>{_NAME})\s*:\s*$")


_LABEL_WORD = r"(?:[A-Z][\w’'.&-]*|of|at|on|to|the|and|for|in|with)"
_LABELLED_LINE = re.compile(
    rf"^[^\S\n]*(?P<name>[A-Z][\w’'.&-]*(?:[^\S\n]+{_LABEL_WORD}){{0,5}})[^\S\n]*:[^\S\n]+(?P<content>[^\s\"“][^\n]*?)[^\S\n]*$",
    re.MULTILINE)
_NOT_SPEAKERS = frozenset("""name age note notes update updated editor's photo photos video watch read related
source sources caption credit transcript q a question answer city job pay why what where when how see
click follow subscribe share tags category posted filed time date location place""".split())


def _labelled_lines(text: str, raws: list[RawAttribution]) -> list[RawAttribution]:
    """'Sanders: Clinton Email Story Has Moved' (a headline) or 'Lopez: Well, no one ...' (a
    transcript): a short capitalised name, a colon, and what that source says, on one line."""
    found = []
    for m in _LABELLED_LINE.finditer(text):
        name = m.group("name")
        if name.lower().split()[0] in _NOT_SPEAKERS or any(ch.isdigit() for ch in name):
            continue
        start, end = m.start("content"), m.end("content")
        if len(text[start:end].split()) < 3 or text[start].isdigit() or any(a.start < end and start < a.end for a in raws):
            continue
        colon = text.rfind(":", m.end("name"), start)
        found.append(RawAttribution(start, end, colon, colon + 1, kind="pattern", mention=(m.start("name"), m.end("name"))))
    return found


def _speakers_outside_quotes(text: str, raws: list[RawAttribution], quoted: list[tuple[int, int]]) -> None:
    """A source the parser found inside somebody's quoted words ('"If it ...," said James Acton')
    is replaced by the name written right after or before the cue, or dropped."""
    for a in raws:
        if a.source is None or a.cue_start < 0:
            continue
        pos = a.base + a.source.idx
        if not any(s <= pos < e and not s <= a.cue_start < e for s, e in quoted):
            continue
        a.source = None
        m = _NAME_AFTER_CUE.match(text, a.cue_end)
        if m:
            a.mention = (m.start("name"), m.end("name"))
            continue
        m = _NAME_BEFORE_CUE.search(text, max(0, a.cue_start - 60), a.cue_start)
        if m:
            a.mention = (m.start("name"), m.end("name"))


def _speaker_before(text: str, raws: list[RawAttribution], qs: int) -> RawAttribution | None:
    """The attribution with a speaker just before a free quote in its paragraph ('..., Schiff said. "...')."""
    p_start = text.rfind("\n", 0, qs) + 1
    near = [a for a in raws if p_start <= a.cue_start and a.cue_end <= qs and (a.source is not None or a.mention)]
    return max(near, key=lambda a: a.cue_end, default=None)


def _speaker_by_pattern(text: str, qs: int, qe: int) -> RawAttribution | None:
    """Without a parse: '..." Bozell notes', '..." said Pavone' or 'Michael P. McDonald: "...'.
    Only for a passage that reads as a statement (ends in punctuation or is long enough)."""
    if not (text[qe - 2 : qe - 1] in ",.!?…" or len(text[qs:qe].split()) >= _MIN_UNATTRIBUTED_WORDS):
        return None
    m = _AFTER_QUOTE.match(text, qe)
    word = m and (m.group("cue") or m.group("cue2"))
    if word and (word in ALL_FORMS or (text[qe - 2 : qe - 1] in ",!?" and _PAST_OR_PRESENT.fullmatch(word))):
        name = "name" if m.group("name") else "name2"
        cue = "cue" if m.group("cue") else "cue2"
        return RawAttribution(qs, qe, m.start(cue), m.end(cue), kind="pattern", mention=(m.start(name), m.end(name)))
    m = _DASH_NAME.match(text, qe)
    if m:
        return RawAttribution(qs, qe, m.start("dash"), m.end("dash"), kind="pattern", mention=(m.start("name"), m.end("name")))
    p_start = text.rfind("\n", 0, qs) + 1
    m = _NAME_COLON.search(text, p_start, qs)
    if m:
        colon = text.rfind(":", p_start, qs)
        return RawAttribution(qs, qe, colon, colon + 1, kind="pattern", mention=(m.start("name"), m.end("name")))
    return None


def _cue_beside(text: str, raws: list[RawAttribution], qs: int, qe: int,
                quoted: list[tuple[int, int]]) -> RawAttribution | None:
    """An attribution whose cue sits right after the passage ('..." she said') or right before it
    ('She said: "...', 'Bolton told host Matt Boyle, "...', 'He said:' closing the paragraph
    before), with no sentence end and no other quote in between."""
    p_start, p_end = _paragraph_of(text, qs)
    for a in raws:
        if a.cue_start < 0 or any(s <= a.cue_start < e for s, e in quoted):
            continue
        if qe <= a.cue_start < min(p_end, qe + _NEAR) and _plain(text[qe:a.cue_start].lstrip(".?!”\" ")):
            return a
        elif a.cue_end <= qs and a.end <= qs and qs - a.cue_end <= _NEAR:
            between = text[a.cue_end:qs]
            if (a.cue_end >= p_start and _plain(between)) or re.fullmatch(r"[^.!?\n]*:\s*", between) or (
                    text[a.cue_end - 1] == ":" and not between.strip()):
                return a
    return None


def _plain(between: str) -> bool:
    """No sentence end, line break or quotation mark in the text between a cue and a quote."""
    return ("\n" not in between and not has_double_mark(between) and len(split_sentences(between)) <= 1
            and not re.search(r"[a-z]{2,}[.!?]\s*$", between))


def _continues(text: str, owner: RawAttribution, last_end: int, qs: int) -> bool:
    """Whether a passage at `qs` goes on the quote that ended at `last_end`: same paragraph, and
    only the cue clause of that quote in between."""
    if last_end < 0 or qs < last_end:
        return False
    between = text[last_end:qs]
    if "\n" in between or owner.cue_start < 0:
        return False
    return last_end <= owner.cue_start < qs


def _dedupe(raws: list[RawAttribution]) -> list[RawAttribution]:
    """One attribution per content: drop one whose content is the same span as an earlier one's."""
    kept: list[RawAttribution] = []
    for a in sorted(raws, key=lambda a: (a.start, -(a.end - a.start))):
        if a.end <= a.start:
            continue
        twin = next((k for k in kept if k.start == a.start and k.end == a.end), None)
        if twin is None:
            kept.append(a)
        elif twin.source is None and a.source is not None:
            kept[kept.index(twin)] = a
    return kept


def _to_quote(text: str, att: RawAttribution, index: SpeakerIndex) -> Quote:
    start, end = _trim(text, att.start, att.end)
    quote = Quote(start=start, end=end, direct=has_double_mark(text[start:end]))
    if att.cue_start >= 0:
        quote.cue_start, quote.cue_end = att.cue_start, att.cue_end
    if att.source is None and att.mention is not None:
        name, anonymous = describe_mention(text, att.mention[0], att.mention[1], index)
        quote.speaker, quote.speaker_start, quote.speaker_end, quote.anonymous = name, *att.mention, anonymous
        index.remember(att.mention[0], name, anonymous, name.split()[-1].lower(), name.lower() in ("they", "the sources"))
    elif att.source is not None:
        name, s_start, s_end, anonymous = describe(att.source, index, att.base)
        quote.speaker, quote.speaker_start, quote.speaker_end, quote.anonymous = name, s_start, s_end, anonymous
        if att.kind != "quote":  # a passage going on from an earlier speaker points at that mention
            index.remember(s_start, name, anonymous, att.source.lower_, _plural(att.source))
    return quote


def _plural(head) -> bool:
    return head.tag_ in ("NNS", "NNPS") or head.lower_ in ("they", "them", "we")


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \n\t,;:—–-":
        start += 1
    while end > start and text[end - 1] in " \n\t,;:—–-":
        end -= 1
    return start, end


__all__ = ["extract_quotes", "quotes_from_doc", "DISABLED"]
