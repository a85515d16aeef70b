"""Claims: subject, relation, object, polarity, modality, attribution, values, from a parsed Doc."""

from __future__ import annotations

import pytest

from storyline.analyze.claims import claims_from_doc
from storyline.analyze.entities import entities_from_doc
from storyline.analyze.nlp import load_nlp
from storyline.model import Quote, TimeExpr


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def _claims(nlp, text, **kw):
    doc = nlp(text)
    return claims_from_doc(doc, entities_from_doc(doc), **kw)


def _find(claims, subject, relation):
    found = [c for c in claims if c.subject == subject and c.relation == relation]
    assert found, [(c.subject, c.relation, c.object) for c in claims]
    return found[0]


def test_expected_to_meet_is_relation_meet_with_modality_expected(nlp):
    text = "Envoy Karl Dorsey is expected to meet with Foreign Minister Marta Kellner and Ivo Brandt."
    claims = _claims(nlp, text)
    c = _find(claims, "Karl Dorsey", "meet")
    assert c.modality == "expected" and c.polarity is True
    assert {x.object for x in claims if x.relation == "meet"} == {"Marta Kellner", "Ivo Brandt"}
    assert (c.start, c.end) == (0, len(text))


def test_refused_to_meet_is_a_negative_meet(nlp):
    text = "Karl Dorsey arrived on Sunday. However, Chancellor Aldo Brennick refused to meet him."
    c = _find(_claims(nlp, text), "Aldo Brennick", "meet")
    assert c.modality == "refused" and c.polarity is False
    assert c.object == "Karl Dorsey"  # 'him' is the person who was the last subject


def test_neither_nor_negates_both_subjects(nlp):
    text = "Neither President Aldo Brennick nor Minister Marta Kellner are expected to meet Karl Dorsey."
    claims = [c for c in _claims(nlp, text) if c.relation == "meet"]
    assert {c.subject for c in claims} == {"Aldo Brennick", "Marta Kellner"}
    assert all(c.polarity is False and c.modality == "expected" and c.object == "Karl Dorsey" for c in claims)


def test_plain_negation_and_assertion(nlp):
    neg = _find(_claims(nlp, "Aldo Brennick did not sign the treaty with Norway."), "Aldo Brennick", "sign")
    pos = _find(_claims(nlp, "Aldo Brennick signed the treaty with Norway."), "Aldo Brennick", "sign")
    assert neg.polarity is False and pos.polarity is True
    assert neg.modality == pos.modality == "asserted"


def test_no_before_the_object_negates(nlp):
    c = _find(_claims(nlp, "Karl Dorsey provided no details about the offer."), "Karl Dorsey", "provide")
    assert c.polarity is False


def test_attribution_said_and_according_to(nlp):
    said = _claims(nlp, "Spokesperson Dana Whitcomb said that negotiations in Geneva should pick up in May.")
    c = _find(said, "negotiations", "pick up")
    assert c.attribution == "Dana Whitcomb" and c.modality == "reported"
    acc = _claims(nlp, "According to the Red Cross, the flood killed 40 people in Marsby.")
    c = _find(acc, "flood", "kill")
    assert c.attribution == "Red Cross"
    assert c.values["number"] == "40" and c.values["place"] == "Marsby"


def test_quote_speaker_is_the_attribution(nlp):
    text = '"Ardovia will never recognise the vote," she added.'
    quote = Quote(start=1, end=text.index(',"'), direct=True, speaker="Marta Kellner")
    c = _find(_claims(nlp, text, quotes=[quote]), "Ardovia", "recognise")
    assert c.attribution == "Marta Kellner" and c.polarity is False


def test_first_person_in_a_quote_is_the_speaker(nlp):
    text = '"I am endorsing Marta Kellner," Karl Dorsey said.'
    quote = Quote(start=1, end=text.index(',"'), direct=True, speaker="Karl Dorsey")
    c = _find(_claims(nlp, text, quotes=[quote]), "Karl Dorsey", "endorse")
    assert c.object == "Marta Kellner"


def test_times_give_the_normalized_date(nlp):
    text = "The Ardovian parliament will vote on Friday in Marsby."
    start = text.index("Friday")
    times = [TimeExpr(start=start, end=start + 6, text="Friday", type="DATE", value="2024-03-08")]
    claims = _claims(nlp, text, times=times)
    c = _find(claims, "Ardovian parliament", "vote")
    assert c.time == "2024-03-08" and c.values["date"] == "2024-03-08"
    without = _find(_claims(nlp, text), "Ardovian parliament", "vote")
    assert without.values["date"] == "Friday"


def test_questions_and_conditions_assert_nothing(nlp):
    assert not _claims(nlp, "Will Aldo Brennick meet Karl Dorsey?")
    claims = _claims(nlp, "If Aldo Brennick resigns, Marta Kellner will lead the party.")
    assert not [c for c in claims if c.subject == "Aldo Brennick"]
    assert _find(claims, "Marta Kellner", "lead")


@pytest.mark.parametrize("text, attribution", [
    ("The ministry denied that Aldo Brennick met Karl Dorsey.", "ministry"),
    ("Aldo Brennick denied meeting Karl Dorsey in Marsby.", None),
    ("Aldo Brennick denied reports that he had met Karl Dorsey.", "Aldo Brennick"),
])
def test_denials_negate_what_is_denied(nlp, text, attribution):
    c = _find(_claims(nlp, text), "Aldo Brennick", "meet")
    assert (c.polarity, c.modality, c.object, c.attribution) == (False, "denied", "Karl Dorsey", attribution)


def test_likely_and_unlikely_are_expectations(nlp):
    likely = _find(_claims(nlp, "Aldo Brennick is likely to meet Karl Dorsey."), "Aldo Brennick", "meet")
    unlikely = _find(_claims(nlp, "Aldo Brennick is unlikely to meet Karl Dorsey."), "Aldo Brennick", "meet")
    assert (likely.modality, likely.polarity) == ("expected", True)
    assert (unlikely.modality, unlikely.polarity) == ("expected", False)


def test_passive_with_agent_is_put_in_active_order(nlp):
    passive = _find(_claims(nlp, "Karl Dorsey was arrested by police in Marsby."), "police", "arrest")
    active = _find(_claims(nlp, "Police arrested Karl Dorsey in Marsby."), "Police", "arrest")
    assert passive.object == active.object == "Karl Dorsey"
    bare = _find(_claims(nlp, "Karl Dorsey was arrested on Monday."), "", "arrest")
    assert bare.object == "Karl Dorsey" and bare.polarity is True


def test_whether_reaches_through_coordination(nlp):
    text = "Aldo Brennick will announce whether he plans to resign or will seek a second term."
    assert not [c for c in _claims(nlp, text) if c.relation in ("seek", "plan to resign", "resign")]


def test_the_title_names_the_person_who_holds_it(nlp):
    text = "Foreign Minister Marta Kellner arrived in Marsby. The minister met Karl Dorsey on Monday."
    c = _find(_claims(nlp, text), "Marta Kellner", "meet")
    assert c.object == "Karl Dorsey"
    assert not [c for c in _claims(nlp, "A minister met Karl Dorsey.") if c.subject == "Marta Kellner"]


def test_relative_pronoun_is_the_noun_it_relates_to(nlp):
    text = "The frigate Valdor, which rescued Karl Dorsey on Monday, returned to Marsby."
    claims = _claims(nlp, text)
    assert [c for c in claims if c.relation == "rescue" and c.object == "Karl Dorsey" and c.subject != "which"]


def test_because_clause_keeps_the_attribution_but_after_clause_does_not(nlp):
    text = ("Marta Kellner said, after Ardovia announced the vote, that negotiations would resume "
            "because Karl Dorsey is not serious.")
    claims = _claims(nlp, text)
    assert _find(claims, "Karl Dorsey", "be").attribution == "Marta Kellner"
    assert _find(claims, "Ardovia", "announce").attribution is None
