"""Content ids and near-copy detection for syndicated wire stories."""

from __future__ import annotations

import random

from storyline.clean import CopyIndex, content_id, signature, similarity
from storyline.clean.dedupe import COPY_THRESHOLD, NUM_PERM

WORDS = (
    "port minister storm council harbour vote budget river police rescue crane village mayor school "
    "train bridge court judge union strike farmers drought fire forest coast ferry hospital election"
).split()


def _text(seed: int, n: int = 220) -> str:
    rnd = random.Random(seed)
    sentences = []
    for _ in range(n // 11):
        sentences.append(" ".join(rnd.choice(WORDS) for _ in range(11)).capitalize() + ".")
    return " ".join(sentences)


def test_identical_text_same_id_and_whitespace_does_not_matter() -> None:
    t = _text(1)
    assert content_id(t) == content_id(t)
    assert content_id(t) == content_id("  " + t.replace(". ", ".  ") + "\n")
    assert content_id(t) != content_id(_text(2))
    assert len(content_id(t)) == 16


def test_signature_is_deterministic_and_sized() -> None:
    t = _text(3)
    assert signature(t) == signature(t)
    assert len(signature(t)) == NUM_PERM
    assert similarity(signature(t), signature(t)) == 1.0
    assert signature("") == signature("")  # empty text does not crash


def test_near_copy_is_found_and_different_article_is_not() -> None:
    wire, other = _text(10), _text(11)
    copy = "HARBOUR CITY (Meridian Wire) - " + wire.replace("storm", "gale", 1) + " Editing by the desk."
    index = CopyIndex()
    index.add("wire", signature(wire))
    index.add("other", signature(other))
    assert similarity(signature(wire), signature(copy)) >= COPY_THRESHOLD
    assert index.find(signature(copy)) == "wire"
    assert index.find(signature(_text(12))) is None
    assert similarity(signature(wire), signature(other)) < 0.3


def test_index_scales_and_picks_the_closest() -> None:
    index = CopyIndex()
    for i in range(2000):
        index.add(f"a{i}", signature(_text(100 + i, 60)))
    index.add("a5", signature("duplicate id is ignored"))
    assert len(index) == 2000
    target = _text(100 + 1234, 60)
    assert index.find(signature(target)) == "a1234"
