"""Entities with titles as roles, and their merge into actors across a story's articles."""

from __future__ import annotations

import pytest

from storyline.analyze.entities import entities_from_doc
from storyline.analyze.nlp import load_nlp
from storyline.link.actors import country_of, edit_distance, merge_actors, resolve_name, same_person
from storyline.model import Article

from shared_paths import SEEDS  # noqa: E402


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def _article(nlp, aid: str, text: str, outlet: str) -> Article:
    return Article(id=aid, text=text, source=aid, outlet=outlet, entities=entities_from_doc(nlp(text)))


def test_title_before_a_name_becomes_the_role(nlp):
    text = ("Foreign Minister Marta Kellner spoke on Monday. "
            "US State Department spokesperson Dana Whitcomb said the talks would resume.")
    ents = entities_from_doc(nlp(text))
    by_text = {e.text: e for e in ents}
    assert by_text["Marta Kellner"].role == "Foreign Minister"
    assert by_text["Dana Whitcomb"].role == "US State Department spokesperson"
    assert "US State Department" in by_text  # an organisation named inside a title is kept
    for e in ents:
        assert text[e.start:e.end] == e.text


def test_pieces_of_titles_are_not_entities_and_possessives_are_trimmed(nlp):
    text = "Defense Minister Benny Gantz met Haluta’s staff. The Chancellor’s office said nothing."
    ents = entities_from_doc(nlp(text))
    texts = [e.text for e in ents]
    assert "Defense" not in texts
    assert all(not t.endswith(("’s", "'s")) for t in texts)
    assert all(e.label in {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT"} for e in ents)


def test_same_person_needs_close_surname_and_compatible_first_name():
    assert same_person("Aldo Brennick", "Aldo Brenick")
    assert same_person("A. Brennick", "Aldo Brennick")
    assert not same_person("Tomas Brennick", "Aldo Brennick")
    assert not same_person("Aldo Brennick", "Aldo Kessler")
    assert edit_distance("Bennet", "Bennett") == 1


def test_country_forms():
    assert country_of("Iranians", ["Iran", "Israel"]) == "Iran"
    assert country_of("Israeli", ["Iran", "Israel"]) == "Israel"
    assert country_of("Syrian", ["Syria"]) == "Syria"
    assert country_of("American", []) == "United States"
    assert country_of("Islamic", ["Iran", "Israel"]) is None


def test_merge_actors_joins_surnames_variants_and_countries(nlp):
    a = _article(nlp, "a", "Prime Minister Aldo Brennick met Clara Osterhout in Norway. Brennick said the United States "
                           "and Norwegian officials agreed.", "Herald")
    b = _article(nlp, "b", "Aldo Brenick arrived in the U.S. on Tuesday. Opposition leader Tomas Brennick criticised "
                           "the trip, while Osterhout stayed home.", "Courier")
    actors = merge_actors([a, b])
    aldo = actors["Aldo Brennick"]
    assert aldo.label == "PERSON"
    assert {"Aldo Brenick", "Brennick"} <= set(aldo.variants)
    assert "Prime Minister" in aldo.roles
    assert "Tomas Brennick" in actors and "Tomas Brennick" not in aldo.variants
    assert "U.S." in actors["United States"].variants
    assert resolve_name("Osterhout", actors) == "Clara Osterhout"
    assert resolve_name("Minister Clara Osterhout", actors) == "Clara Osterhout"
    assert all(e.canonical for art in (a, b) for e in art.entities)
    canon = {e.text: e.canonical for e in a.entities}
    assert canon["Brennick"] == "Aldo Brennick"
    if "Norwegian" in canon:
        assert canon["Norwegian"] == "Norway"


def test_aliases_add_and_override_merges(nlp):
    a = _article(nlp, "a", "Aldo Brennick met Clara Osterhout in Lindholm.", "Herald")
    b = _article(nlp, "b", "Aldo Brenick met Osterhout.", "Courier")
    actors = merge_actors([a, b], aliases={"Aldo Brenick": "Aldo Brenick", "Clara Osterhout": "Clara Osterhout-Lind"})
    assert "Aldo Brenick" in actors and "Aldo Brennick" in actors  # the alias split the merge
    assert "Clara Osterhout-Lind" in actors
    assert {e.canonical for e in b.entities if "Osterhout" in e.text} == {"Clara Osterhout-Lind"}


@pytest.mark.skipif(not SEEDS.exists(), reason=f"seed articles not found at {SEEDS}")
def test_seed_roles_and_misspelled_name(nlp):
    seeds = sorted(SEEDS.glob("*.txt"))
    arts = [_article(nlp, str(i), p.read_text(encoding="utf-8"), str(i)) for i, p in enumerate(seeds)]
    roles = {(e.text, e.role) for art in arts for e in art.entities if e.role}
    assert ("Yair Lapid", "Foreign Minister") in roles
    assert ("Ned Price", "US State Department spokesperson") in roles
    actors = merge_actors(arts)
    person = [a for a in actors.values() if "Bennet" in a.variants]
    assert len(person) == 1 and "Bennett" in person[0].variants and len(person[0].name.split()) == 2


def test_common_noun_before_a_name_is_a_role_too(nlp):
    ents = entities_from_doc(nlp("The documentary by filmmaker Jane Okafor opened in Lagos."))
    jane = [e for e in ents if e.text == "Jane Okafor"]
    assert jane and jane[0].role == "filmmaker"


def test_an_organisation_is_not_taken_for_a_surname_elsewhere(nlp):
    a = _article(nlp, "a", "Negotiator Salim Hamad arrived in Doha on Monday.", "Herald")
    b = _article(nlp, "b", "Hamas rejected the offer on Tuesday.", "Courier")
    actors = merge_actors([a, b])
    assert not any("Hamas" in actor.variants and actor.label == "PERSON" for actor in actors.values())


def test_title_in_apposition_is_the_role(nlp):
    ents = entities_from_doc(nlp("Karl Dorsey, the UN envoy to Ardovia, arrived on Monday."))
    assert [e.role for e in ents if e.text == "Karl Dorsey"] == ["UN envoy to Ardovia"]


@pytest.mark.parametrize("a, b", [("bennet", "bennett"), ("brennick", "brenick"), ("hamad", "hamas"), ("lapid", "lapdi"),
                                  ("malley", "malloy"), ("price", "prince"), ("gantz", "ganz"), ("abc", "abc")])
def test_one_edit_agrees_with_edit_distance(a, b):
    from storyline.link.actors import _one_edit

    assert _one_edit(a, b) == (edit_distance(a, b) <= 1)


def test_plural_nationality_joins_the_singular_without_the_country(nlp):
    a = _article(nlp, "a", "Ukrainian officials met Karl Dorsey.", "Herald")
    b = _article(nlp, "b", "The Ukrainians rejected the plan.", "Courier")
    actors = merge_actors([a, b])
    assert any({"Ukrainian", "Ukrainians"} <= set(x.variants) for x in actors.values()), actors
