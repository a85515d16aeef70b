"""Alignment of claims across outlets: agree, conflict, only one outlet; on fixtures and on the seeds."""

from __future__ import annotations


import pytest

from storyline.analyze.claims import claims_from_doc
from storyline.analyze.entities import entities_from_doc
from storyline.analyze.nlp import load_nlp
from storyline.compare.align import align_claims, format_claim_table
from storyline.link.actors import merge_actors
from storyline.model import Article

from shared_paths import SEEDS  # noqa: E402

HERALD = """Prime Minister Aldo Brennick met Finance Minister Clara Osterhout in Marsby on Tuesday.

The storm killed 12 people in the northern province, officials said.

The climate summit will open on March 3 in Lindholm.

Brennick signed the trade agreement with Norway."""

COURIER = """Prime Minister Aldo Brenick did not meet Finance Minister Clara Osterhout during his visit.

The storm killed 40 people, according to the Red Cross.

The climate summit will open on March 9 in Lindholm.

Aldo Brennick signed the trade agreement with Norway.

Opposition leader Tomas Brennick refused to comment on the agreement."""


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def analyze(nlp, aid: str, text: str, outlet: str) -> Article:
    doc = nlp(text)
    ents = entities_from_doc(doc)
    return Article(id=aid, text=text, source=aid, outlet=outlet, entities=ents, claims=claims_from_doc(doc, ents))


def _one(verdicts, *words):
    found = [v for v in verdicts if all(w in v.claim for w in words)]
    assert len(found) >= 1, [v.claim for v in verdicts]
    return found[0]


@pytest.fixture(scope="module")
def fixture_verdicts(nlp):
    arts = [analyze(nlp, "h", HERALD, "Herald"), analyze(nlp, "c", COURIER, "Courier")]
    return align_claims(arts, merge_actors(arts))


def test_negation_against_assertion_is_a_conflict(fixture_verdicts):
    v = _one(fixture_verdicts, "Aldo Brennick", "meet", "Clara Osterhout")
    assert v.verdict == "conflict"
    assert list(v.support) == ["Herald"] and list(v.contradict) == ["Courier"]
    assert "did not meet" in v.contradict["Courier"][0]
    assert v.silent == []


def test_different_number_or_date_for_the_same_relation_is_a_conflict(fixture_verdicts):
    killed = _one(fixture_verdicts, "kill")
    assert killed.verdict == "conflict"
    assert "12 people" in killed.support["Herald"][0] and "40 people" in killed.contradict["Courier"][0]
    opens = _one(fixture_verdicts, "open")
    assert opens.verdict == "conflict"
    assert "March 3" in " ".join(opens.support.get("Herald", []) + opens.contradict.get("Herald", []))
    assert "March 9" in " ".join(opens.support.get("Courier", []) + opens.contradict.get("Courier", []))


def test_same_claim_in_both_outlets_agrees_and_single_outlet_claims_are_only_one(fixture_verdicts):
    signed = _one(fixture_verdicts, "sign")
    assert signed.verdict == "agree" and set(signed.support) == {"Herald", "Courier"} and not signed.contradict
    comment = _one(fixture_verdicts, "Tomas Brennick")
    assert comment.verdict == "only_one" and list(comment.support) == ["Courier"] and comment.silent == ["Herald"]
    order = [v.verdict for v in fixture_verdicts]
    assert order == sorted(order, key=["conflict", "agree", "only_one"].index)


def test_claim_table_has_one_column_per_outlet(fixture_verdicts):
    table = format_claim_table(fixture_verdicts, ["Herald", "Courier"], width=30)
    header = table.splitlines()[0]
    assert "Herald" in header and "Courier" in header and "verdict" in header
    assert "(silent)" in table and "conflict" in table
    assert max(len(line) for line in table.splitlines()) <= 30 * 3 + 9 + 3 * 3


def test_one_outlet_saying_both_is_not_a_conflict_and_single_claims_share_a_row(nlp):
    a = analyze(nlp, "h", "Aldo Brennick met Karl Dorsey. Later Aldo Brennick did not meet Karl Dorsey again.", "Herald")
    b = analyze(nlp, "c", "Marta Kellner met Ivo Brandt and Clara Osterhout in Marsby.", "Courier")
    verdicts = align_claims([a, b])
    assert all(v.verdict != "conflict" for v in verdicts)
    rows = [v for v in verdicts if "Marta Kellner" in v.claim]
    assert len(rows) == 1 and "Ivo Brandt" in rows[0].claim and "Clara Osterhout" in rows[0].claim


def test_unnamed_agent_matches_the_named_one(nlp):
    a = analyze(nlp, "h", "Karl Dorsey was arrested in Marsby on Monday.", "Herald")
    b = analyze(nlp, "c", "Police arrested Karl Dorsey in Marsby.", "Courier")
    c = analyze(nlp, "t", "Karl Dorsey was not arrested, his lawyer said.", "Times")
    v = _one(align_claims([a, b, c]), "arrest", "Karl Dorsey")
    assert set(v.support) == {"Herald", "Courier"} and list(v.contradict) == ["Times"]
    assert v.verdict == "conflict" and v.claim.startswith("Police arrest Karl Dorsey")
    alone = _one(align_claims([a]), "Karl Dorsey")
    assert alone.claim.startswith("Karl Dorsey was arrested")


class _DisagreeingStance:
    """A stand-in with the stance model's interface that calls every pair a disagreement."""

    def predict_proba(self, pairs):
        return [[0.0, 1.0, 0.0, 0.0] for _ in pairs]


def test_stance_is_only_consulted_for_sentence_matches(nlp):
    a = analyze(nlp, "h", "Aldo Brennick signed the trade agreement with Norway on Monday.", "Herald")
    b = analyze(nlp, "c", "Aldo Brennick signed the trade agreement with Norway on Monday.", "Courier")
    verdicts = align_claims([a, b], stance=_DisagreeingStance())
    assert _one(verdicts, "sign").verdict == "agree"  # matched by actors and relation: stance not needed
    c = analyze(nlp, "h", "Aldo Brennick signed the long trade agreement with Norway on Monday in Marsby.", "Herald")
    d = analyze(nlp, "c", "Aldo Brennick signed the trade agreement with Norway on Monday in Marsby.", "Courier")
    assert _one(align_claims([c, d]), "sign").verdict == "agree"  # similar sentences, different object phrase
    assert _one(align_claims([c, d], stance=_DisagreeingStance()), "sign").verdict == "conflict"


def _seed_articles(nlp) -> list[Article]:
    t0 = (SEEDS / "000_8327242eeea26c4d.txt").read_text(encoding="utf-8")
    t1 = (SEEDS / "001_dff00bd6ecf5e833.txt").read_text(encoding="utf-8")
    t0 = t0.split("\n", 1)[1]  # caption
    t0 = t0[t0.index("\n\n", 2):]  # dateline
    t0 = t0[: t0.index("\nAsharq Al-Awsat")]  # credit line and 'About Track Persia'
    t1 = t1.replace(" date 2021-11-12 ", "", 1)
    t1 = t1[: t1.rindex("\n(")]  # the desk note
    return [analyze(nlp, "000", t0.strip(), "Asharq Al-Awsat"), analyze(nlp, "001", t1.strip(), "Arutz Sheva")]


@pytest.fixture(scope="module")
def seed_result(nlp):
    if not SEEDS.exists():
        pytest.skip("seeds absent")
    arts = _seed_articles(nlp)
    actors = merge_actors(arts)
    return arts, actors, align_claims(arts, actors)


def test_seeds_conflict_on_malley_meeting_lapid(seed_result):
    _, _, verdicts = seed_result
    v = _one(verdicts, "Malley", "meet", "Lapid")
    assert v.verdict == "conflict"
    sides = {**v.support, **v.contradict}
    assert "expected to meet with Foreign Minister Yair Lapid" in sides["Asharq Al-Awsat"][0]
    assert sides["Arutz Sheva"][0].startswith("Neither Prime Minister Naftali Bennett nor Foreign Minister Yair Lapid")
    assert set(v.support) != set(v.contradict)


def test_seeds_agree_that_bennett_does_not_meet_malley(seed_result):
    _, _, verdicts = seed_result
    v = _one(verdicts, "Naftali Bennett", "meet", "Malley")
    assert v.verdict == "agree" and "does not" in v.claim
    assert "refused to meet him" in v.support["Asharq Al-Awsat"][0]
    assert "Neither Prime Minister Naftali Bennett" in v.support["Arutz Sheva"][0]


def test_seeds_vienna_and_price_are_reported_by_one_outlet(seed_result):
    _, _, verdicts = seed_result
    vienna = _one(verdicts, "restart", "Vienna")
    assert vienna.verdict == "only_one" and list(vienna.support) == ["Arutz Sheva"]
    assert "November 29" in vienna.claim and vienna.silent == ["Asharq Al-Awsat"]
    gantz = _one(verdicts, "Malley", "Benny Gantz")
    assert verdicts.index(gantz) < verdicts.index(vienna)  # claims between two named actors come first
    price = [v for v in verdicts if "Ned Price" in v.claim]
    assert price and all(v.verdict == "only_one" and list(v.support) == ["Arutz Sheva"] for v in price)


def test_seeds_bennet_is_naftali_bennett(seed_result):
    arts, actors, _ = seed_result
    assert {"Bennet", "Bennett", "Naftali Bennett"} <= set(actors["Naftali Bennett"].variants)
    assert {e.canonical for a in arts for e in a.entities if e.text.startswith("Bennet")} == {"Naftali Bennett"}
    assert actors["Yair Lapid"].roles == ["Foreign Minister"]


def test_seeds_with_quotes_and_times_keep_the_verdicts_and_normalize_dates(nlp):
    if not SEEDS.exists():
        pytest.skip("seeds absent")
    quotes = pytest.importorskip("storyline.analyze.quotes")
    times = pytest.importorskip("storyline.analyze.times")
    arts = _seed_articles(nlp)
    for art, date in zip(arts, ("2021-11-16", "2021-11-12")):
        doc = nlp(art.text)
        art.quotes = quotes.quotes_from_doc(doc)
        art.times = times.tag_times(art.text, date)
        art.claims = claims_from_doc(doc, art.entities, art.quotes, art.times)
    verdicts = align_claims(arts, merge_actors(arts))
    assert _one(verdicts, "Malley", "meet", "Lapid").verdict == "conflict"
    assert _one(verdicts, "Naftali Bennett", "meet", "Malley").verdict == "agree"
    vienna = _one(verdicts, "restart", "Vienna")
    assert vienna.verdict == "only_one" and "2021-11-29" in vienna.claim
    quoted = [v for v in verdicts if v.claim.endswith("according to Ned Price") and '"' in v.support["Arutz Sheva"][0]]
    assert quoted  # claims inside Price's direct quotes are his


def test_values_compare_in_normal_form(nlp):
    a = analyze(nlp, "h", "The storm killed twelve people in the U.S. on Monday.", "Herald")
    b = analyze(nlp, "c", "The storm killed 12 people in the United States on Monday.", "Courier")
    v = _one(align_claims([a, b]), "kill")
    assert v.verdict == "agree", v


def test_empty_story_and_article_without_claims(nlp):
    assert align_claims([]) == [] and merge_actors([]) == {}
    empty = analyze(nlp, "e", "", "Herald")
    quiet = analyze(nlp, "q", "It rained.", "Courier")
    assert align_claims([empty, quiet]) == []
    assert format_claim_table([], ["Herald", "Courier"]).splitlines()[0].startswith("claim")
