"""Features of a (headline, body) pair for stance detection, computed with plain Python and numpy.

Two kinds: hand features that carry across topics (TF-IDF similarity of the headline to the body
and to its best sentences, word and n-gram overlap, refuting, hedging and reporting cue words near
the headline's words), and term-frequency vectors of headline and body over a fixed vocabulary
(the UCL FNC-1 baseline). Bodies shared by many pairs are analysed once per call.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse

WORD_RE = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
SENT_RE = re.compile(r"(?<=[.!?])[\"'\u201d\u2019)]*\s+(?=[\"'\u201c\u2018(]*[A-Z0-9])|\n\s*\n|\n(?=[A-Z])")

# Cue words, grouped by what they signal. Features count them; no threshold depends on them.
REFUTE = frozenset(
    "fake fraud hoax hoaxes false deny denies denied denial denying not no never neither nor none "
    "despite nope doubt doubts doubted bogus debunk debunks debunked debunking pranks prank retract "
    "retracted retracts refute refutes refuted refuting untrue unfounded baseless rumour rumours "
    "misleading incorrect wrong myth myths satire satirical claimed allegedly n't isn't wasn't "
    "aren't weren't didn't doesn't don't hasn't haven't won't can't couldn't".split()
)
DENY = frozenset(
    "deny denies denied denial denying debunk debunks debunked debunking hoax hoaxes fake false "
    "untrue baseless unfounded bogus refute refutes refuted dismissed dismisses rejects rejected "
    "fabricated misleading satire satirical prank".split()
)
NEGATION = frozenset("not no never n't isn't wasn't aren't weren't didn't doesn't don't hasn't haven't won't can't couldn't nor neither".split())
HEDGE = frozenset(
    "reportedly allegedly alleged apparently claim claims claimed claiming rumor rumors rumour rumours "
    "rumored rumoured unconfirmed unverified may might could possibly purportedly purported supposedly "
    "suggests suggest suggested speculation speculate speculated appears appear seems believed "
    "according report reports reported sources source if whether".split()
)
AGREE = frozenset(
    "confirm confirms confirmed confirming announced announces said says told revealed reveals "
    "showed shows official officially statement indeed proved proves proven verified true "
    "admitted admits acknowledged".split()
)
STOP = frozenset(
    "a an the and or but if of at by for with about against between into through during before after "
    "above below to from up down in out on off over under again further then once here there when where "
    "why how all any both each few more most other some such only own same so than too very s t can will "
    "just should now i me my myself we our ours ourselves you your yours yourself yourselves he him his "
    "himself she her hers herself it its itself they them their theirs themselves what which who whom "
    "this that these those am is are was were be been being have has had having do does did doing would "
    "shall as until while because also said says".split()
)
N_HAND = 45


def stem(word: str) -> str:
    """A light suffix stripper so that plurals and simple verb forms meet (deny/denies/denied)."""
    if word.endswith("'s"):
        word = word[:-2]
    if len(word) <= 3 or word.isdigit():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("ied") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("sses"):
        return word[:-2]
    if word.endswith("ing") and len(word) > 5:
        return word[:-3]
    if word.endswith("ed") and len(word) > 4:
        return word[:-2]
    if word.endswith("es") and len(word) > 4 and word[-3] in "sxz":
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss") and not word.endswith("us"):
        return word[:-1]
    return word


def words(text: str) -> list[str]:
    """Lower-cased word tokens (apostrophes normalised so that n't forms are kept whole)."""
    return WORD_RE.findall(text.lower().replace("\u2019", "'").replace("`", "'"))


def content_stems(tokens: list[str]) -> list[str]:
    """Stems of the tokens that are not stop words."""
    return [stem(t) for t in tokens if t not in STOP]


def sentences(text: str) -> list[str]:
    """Split a body into sentences with a cheap regex (good enough for similarity features)."""
    parts = [p.strip() for p in SENT_RE.split(text)]
    return [p for p in parts if p] or [text]


@dataclass
class Text:
    """One analysed text: tokens, content stems, TF-IDF weights and, for bodies, its sentences."""

    raw: str
    tokens: list[str]
    stems: list[str]
    weights: dict[str, float]
    norm: float
    sents: list[tuple[list[str], list[str], dict[str, float], float]] = field(default_factory=list)
    stem_set: set[str] = field(default_factory=set)
    lead_stems: set[str] = field(default_factory=set)
    lead_text: str = ""
    lead_grams: set[str] = field(default_factory=set)
    bigrams: set[tuple[str, ...]] = field(default_factory=set)
    trigrams: set[tuple[str, ...]] = field(default_factory=set)
    cue_windows: dict[str, list[set[str]]] = field(default_factory=dict)
    rates: list[float] = field(default_factory=list)


class Featurizer:
    """Turns pairs into hand features and term-frequency matrices, given a vocabulary and IDF."""

    def __init__(self, idf: dict[str, float], tf_vocab: dict[str, int], default_idf: float) -> None:
        self.idf = idf
        self.tf_vocab = tf_vocab
        self.default_idf = default_idf

    def _weights(self, stems: list[str]) -> tuple[dict[str, float], float]:
        tf = Counter(stems)
        w = {t: (1.0 + math.log(c)) * self.idf.get(t, self.default_idf) for t, c in tf.items()}
        return w, math.sqrt(sum(v * v for v in w.values())) or 1.0

    def analyse(self, text: str, with_sentences: bool) -> Text:
        """Tokens, stems and weights of a text; sentence-level ones too for a body."""
        tokens = words(text)
        stems = content_stems(tokens)
        w, norm = self._weights(stems)
        out = Text(text, tokens, stems, w, norm)
        if with_sentences:
            for s in sentences(text)[:60]:
                toks = words(s)
                st = content_stems(toks)
                sw, sn = self._weights(st)
                out.sents.append((toks, st, sw, sn))
            _body_constants(out)
        return out

    def tf_matrix(self, texts: list[Text]) -> sparse.csr_matrix:
        """L2-normalised term frequencies over the fixed vocabulary, one row per text."""
        rows, cols, vals = [], [], []
        for i, t in enumerate(texts):
            tf = Counter(self.tf_vocab[s] for s in t.stems if s in self.tf_vocab)
            norm = math.sqrt(sum(c * c for c in tf.values())) or 1.0
            for j, c in tf.items():
                rows.append(i)
                cols.append(j)
                vals.append(c / norm)
        return sparse.csr_matrix((vals, (rows, cols)), shape=(len(texts), len(self.tf_vocab)), dtype=np.float32)

    def transform(self, pairs: list[tuple[str, str]]) -> tuple[np.ndarray, sparse.csr_matrix, sparse.csr_matrix]:
        """Hand features (n, N_HAND) and TF matrices of headlines and bodies for the pairs."""
        heads: dict[str, Text] = {}
        bodies: dict[str, Text] = {}
        for h, b in pairs:
            if h not in heads:
                heads[h] = self.analyse(h, with_sentences=False)
            if b not in bodies:
                bodies[b] = self.analyse(b, with_sentences=True)
        hand = np.array([pair_features(heads[h], bodies[b]) for h, b in pairs], dtype=np.float32).reshape(len(pairs), N_HAND)
        hlist, blist = list(heads), list(bodies)
        hidx = {h: i for i, h in enumerate(hlist)}
        bidx = {b: i for i, b in enumerate(blist)}
        th = self.tf_matrix([heads[h] for h in hlist])[[hidx[h] for h, _ in pairs]]
        tb = self.tf_matrix([bodies[b] for b in blist])[[bidx[b] for _, b in pairs]]
        return hand, th, tb


def _body_constants(body: Text) -> None:
    """What every pair with this body reuses: n-gram sets, cue-word windows, cue rates."""
    body.stem_set = set(body.stems)
    body.lead_stems = {t for s in body.sents[:3] for t in s[1]}
    body.lead_text = " ".join(body.tokens[:120])
    body.lead_grams = _char_grams(body.lead_text, 5)
    body.bigrams, body.trigrams = _ngrams(body.stems, 2), _ngrams(body.stems, 3)
    token_stems = [stem(t) for t in body.tokens]
    for name, cues, window in (("neg", NEGATION, 4), ("deny", DENY, 8)):
        body.cue_windows[name] = [
            set(token_stems[max(0, i - window) : i + window + 1]) for i, t in enumerate(body.tokens) if t in cues
        ]
    lead_tokens = [t for s in body.sents[:3] for t in s[0]]
    n_b, n_lead = max(len(body.tokens), 1), max(len(lead_tokens), 1)
    body.rates = [_rate(body.tokens, cues) / n_b * 100 for cues in (REFUTE, DENY, NEGATION, HEDGE, AGREE)]
    body.rates += [_rate(lead_tokens, cues) / n_lead * 100 for cues in (DENY, HEDGE, NEGATION)]
    body.rates.append(_rate(body.tokens, REFUTE) % 2)


def _cos(a: dict[str, float], an: float, b: dict[str, float], bn: float) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items()) / (an * bn)


def _ngrams(seq: list[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(seq[i : i + n]) for i in range(len(seq) - n + 1)}


def _char_grams(text: str, n: int) -> set[str]:
    return {text[i : i + n] for i in range(len(text) - n + 1)}


def _rate(tokens: list[str], cues: frozenset[str]) -> float:
    return sum(t in cues for t in tokens)


def _near(body: Text, stems: set[str], name: str) -> int:
    """How many cue words of kind `name` stand near a headline word in the body."""
    return sum(not stems.isdisjoint(w) for w in body.cue_windows[name])


def _cued_similarity(body: Text, sent_cos: list[float]) -> list[float]:
    """Largest similarity to the headline among sentences that deny, negate, hedge or report, and
    the similarity-weighted count of denial words (a close sentence that calls it a hoax)."""
    best = [0.0, 0.0, 0.0, 0.0]
    weighted = 0.0
    for (toks, _, _, _), c in zip(body.sents, sent_cos):
        for k, cues in enumerate((DENY, NEGATION, HEDGE, AGREE)):
            if c > best[k] and not cues.isdisjoint(toks):
                best[k] = c
        weighted += c * sum(t in DENY for t in toks)
    return [*best, weighted]


def pair_features(head: Text, body: Text) -> list[float]:
    """The N_HAND hand features of one analysed headline and body."""
    hs = set(head.stems)
    bs = body.stem_set
    cos_body = _cos(head.weights, head.norm, body.weights, body.norm)
    sent_cos = [_cos(head.weights, head.norm, sw, sn) if sw else 0.0 for _, _, sw, sn in body.sents]
    top = sorted(range(len(sent_cos)), key=lambda i: -sent_cos[i])[:3]
    top_tokens = [t for i in top for t in body.sents[i][0]]
    n_b = max(len(body.tokens), 1)
    n_top = max(len(top_tokens), 1)
    hl = len(hs) or 1
    idf_h = sum(head.weights.values()) or 1.0
    covered = sum(v for t, v in head.weights.items() if t in bs) / idf_h
    covered_lead = sum(v for t, v in head.weights.items() if t in body.lead_stems) / idf_h
    big_h, tri_h = _ngrams(head.stems, 2), _ngrams(head.stems, 3)
    cg_h = _char_grams(" ".join(head.tokens), 5)
    h_ref = _rate(head.tokens, REFUTE)
    b_deny_near = _near(body, hs, "deny")
    top_sents = sorted(sent_cos, reverse=True) + [0.0, 0.0, 0.0]
    r = body.rates
    cued = _cued_similarity(body, sent_cos)
    return [
        *cued,
        cos_body,
        top_sents[0],
        float(np.mean(top_sents[:3])),
        float(np.mean(sent_cos)) if sent_cos else 0.0,
        sent_cos[0] if sent_cos else 0.0,
        len(hs & bs) / len(hs | bs) if hs | bs else 0.0,
        len(hs & bs) / hl,
        covered,
        covered_lead,
        len(big_h & body.bigrams) / (len(big_h) or 1),
        len(tri_h & body.trigrams) / (len(tri_h) or 1),
        len(cg_h & body.lead_grams) / (len(cg_h) or 1),
        sum(c in body.lead_text for c in head.stems) / hl,
        h_ref,
        _rate(head.tokens, DENY),
        _rate(head.tokens, NEGATION),
        _rate(head.tokens, HEDGE),
        float("?" in head.raw),
        h_ref % 2,
        r[0],
        r[1],
        r[2],
        r[3],
        r[4],
        _rate(top_tokens, REFUTE) / n_top * 100,
        _rate(top_tokens, DENY) / n_top * 100,
        _rate(top_tokens, NEGATION) / n_top * 100,
        _rate(top_tokens, HEDGE) / n_top * 100,
        _rate(top_tokens, AGREE) / n_top * 100,
        r[5],
        r[6],
        r[7],
        _near(body, hs, "neg") / n_b * 100,
        b_deny_near / n_b * 100,
        float(min(b_deny_near, 5)),
        r[8],
        math.log1p(len(body.tokens)),
        math.log1p(len(head.tokens)),
        math.log1p(len(body.sents)),
        sum(h_ref > 0 and t in REFUTE for t in top_tokens) / n_top * 100,
    ]
