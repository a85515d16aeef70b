"""Quotes and attributions: quote marks, cues, speakers, on our own texts and on the seeds."""

from __future__ import annotations


import pytest

from storyline.analyze.nlp import load_nlp
from storyline.analyze.quotes import extract_quotes, quotes_from_doc
from storyline.analyze.quotes_marks import quoted_spans, split_sentences
from storyline.model import Quote

from shared_paths import SEEDS  # noqa: E402

STORY = (
    "The foreign minister of Freedonia, Maria Lopez Ortega, arrived in Sylvania on Monday.\n\n"
    "“We came to listen, not to lecture,” Ortega told reporters at the airport. “Our neighbours "
    "deserve a fair hearing.”\n\n"
    "She said that the border talks would resume next week.\n\n"
    "According to officials close to the delegation, the visit had been planned for months.\n\n"
    "A senior Sylvanian official described the talks as “long overdue.”\n\n"
    "\"We will not give up the river,\" the official said.\n"
)


def quotes_of(text: str) -> list[Quote]:
    return next(extract_quotes([text]))


def content(text: str, q: Quote) -> str:
    return text[q.start : q.end]


def speaker_mention(text: str, q: Quote) -> str | None:
    return None if q.speaker_start is None else text[q.speaker_start : q.speaker_end]


def find(text: str, qs: list[Quote], piece: str) -> Quote:
    hits = [q for q in qs if piece in content(text, q)]
    assert hits, f"no quote holds {piece!r}: {[content(text, q) for q in qs]}"
    return hits[0]


# --- quotation marks, without a model -------------------------------------------------------------


def test_quote_left_open_at_paragraph_end_runs_into_the_next_paragraph():
    text = "He said: “The first part goes on.\n\n“And the second part ends here,” he added.\nNext."
    spans = quoted_spans(text)
    assert len(spans) == 1
    s, e = spans[0]
    assert text[s:e].startswith("“The first") and text[s:e].endswith("here,”")


def test_straight_and_curly_marks_and_quotes_inside_quotes():
    text = 'She said "yes." He said “she told me ‘no’ twice” and left. A “scare” word.'
    found = [text[s:e] for s, e in quoted_spans(text)]
    assert found == ['"yes."', "“she told me ‘no’ twice”", "“scare”"]


def test_a_closing_mark_typed_at_a_paragraph_start_opens_the_quote():
    text = "Voters spoke.\n”We are tired of waiting,” one said.\nA stray ” mark."
    assert [text[s:e] for s, e in quoted_spans(text)] == ["”We are tired of waiting,”"]


@pytest.mark.parametrize("text", ["“", "”", '"', "a “b", "a ” b “ c\n\n” d", '""""', "\n\n“\n\n“x", ""])
def test_unbalanced_marks_never_crash(text):
    spans = quoted_spans(text)
    assert all(0 <= s < e <= len(text) for s, e in spans)
    assert isinstance(quotes_of(text), list)


def test_sentences_do_not_end_at_titles_or_initials():
    text = "Sen. John Q. Public said it. Then he left.\nA new line"
    sents = [text[s:e] for s, e in split_sentences(text)]
    assert sents == ["Sen. John Q. Public said it.", "Then he left.", "A new line"]


# --- attributions and speakers ---------------------------------------------------------------------


def test_direct_quote_over_two_pieces_with_resolved_speaker():
    qs = quotes_of(STORY)
    q = find(STORY, qs, "We came to listen")
    assert q.direct
    assert "fair hearing" in content(STORY, q)  # '"A," X told reporters. "B."' is one quote
    assert speaker_mention(STORY, q) == "Ortega"
    assert q.speaker == "Maria Lopez Ortega"
    assert STORY[q.cue_start : q.cue_end] == "told"
    assert not q.anonymous


def test_indirect_speech_with_pronoun_resolved_to_the_last_speaker():
    qs = quotes_of(STORY)
    q = find(STORY, qs, "border talks would resume")
    assert not q.direct
    assert speaker_mention(STORY, q) == "She"
    assert q.speaker == "Maria Lopez Ortega"


def test_according_to_an_unnamed_group_is_anonymous():
    qs = quotes_of(STORY)
    q = find(STORY, qs, "planned for months")
    assert q.anonymous
    assert "officials close to the delegation" in q.speaker
    assert STORY[q.cue_start : q.cue_end] == "According to"


def test_the_official_refers_back_to_the_unnamed_official():
    qs = quotes_of(STORY)
    q = find(STORY, qs, "give up the river")
    assert q.direct and q.anonymous
    assert speaker_mention(STORY, q) == "the official"
    assert q.speaker == "A senior Sylvanian official"


def test_scare_quotes_alone_are_not_quotes():
    text = "The so-called “reform” passed. Critics were not consulted.\n"
    assert [content(text, q) for q in quotes_of(text)] == []


def test_one_list_per_text_in_order_and_empty_texts():
    texts = ["", "Nothing is attributed here.", STORY, "“We are ready,” Smith said."]
    out = list(extract_quotes(texts, batch_size=2))
    assert len(out) == 4
    assert out[0] == [] and out[1] == []
    assert out[3] and out[3][0].speaker == "Smith"


def test_quotes_from_a_shared_parse_agree_on_the_main_quotes():
    nlp = load_nlp(disable=("ner", "lemmatizer"))
    qs = quotes_from_doc(nlp(STORY))
    q = find(STORY, qs, "We came to listen")
    assert q.direct and q.speaker == "Maria Lopez Ortega"


# --- the seeds ---------------------------------------------------------------------------------------


def seed(name_part: str) -> str:
    if not SEEDS.is_dir():
        pytest.skip("seeds not present at ../shared/seeds")
    for f in sorted(SEEDS.glob("*.txt")):
        text = f.read_text(encoding="utf-8")
        if name_part in text:
            return text
    pytest.skip(f"no seed mentions {name_part!r}")


def test_seed_channel12_official_and_ned_price():
    text = seed("serious mistake")
    qs = quotes_of(text)
    q = find(text, qs, "resumption of talks in Vienna is a serious mistake")
    assert q.direct and q.anonymous
    assert speaker_mention(text, q) == "the official"
    assert "official" in q.speaker
    price = [q for q in qs if q.direct and q.speaker == "Ned Price"]
    assert len(price) == 2, [(content(text, q)[:40], q.speaker) for q in qs]
    assert {speaker_mention(text, q) for q in price} == {"Price"}


def test_seed_sources_close_to_bennett():
    text = seed("sources close to Bennett")
    qs = quotes_of(text)
    q = find(text, qs, "military option on the table")
    assert q.anonymous and q.speaker == "sources close to Bennett"
    later = find(text, qs, "ordered the Israeli army")
    assert later.anonymous and later.speaker == "sources close to Bennett"
    tel_aviv = find(text, qs, "deep differences")
    assert tel_aviv.anonymous and "political sources" in tel_aviv.speaker
    spokesman = find(text, qs, "protocol doesn’t require")  # 'ministers slammed ..., however a spokesman affirmed'
    assert spokesman.anonymous and spokesman.speaker == "a spokesman"


def test_worker_processes_give_the_same_quotes_in_the_same_order():
    texts = [STORY, "", "“We are ready,” Smith said.", STORY.replace("Ortega", "Lopez")] * 3
    one = list(extract_quotes(texts, batch_size=2))
    two = list(extract_quotes(texts, batch_size=2, n_process=2))
    assert one == two
    assert len(two) == len(texts) and two[0]


PATTERNS = (
    "Voters at the fair had their say.\n\n"
    "“The roads in this county are a disgrace and nobody listens.” ― Hannah Whitcombe\n\n"
    "Turnout fell sharply, the clerk Tom Barlow said. “We have never seen a year like this one, "
    "not in thirty years of counting.”\n\n"
    "More from Barlow: “Half of the machines broke before noon on the first day.”\n\n"
    "“Count every vote again,” Whitcombe barked.\n"
)


def test_signature_after_a_dash_names_the_speaker():
    qs = quotes_of(PATTERNS)
    q = find(PATTERNS, qs, "roads in this county")
    assert q.direct and speaker_mention(PATTERNS, q) == "Hannah Whitcombe"


def test_free_quote_after_a_reported_sentence_takes_its_speaker():
    qs = quotes_of(PATTERNS)
    q = find(PATTERNS, qs, "never seen a year")
    assert q.direct and q.speaker == "Tom Barlow"


def test_name_before_a_colon_and_an_unlisted_verb_after_a_quote():
    qs = quotes_of(PATTERNS)
    colon = find(PATTERNS, qs, "machines broke")
    assert speaker_mention(PATTERNS, colon) == "Barlow" and colon.speaker == "Tom Barlow"
    barked = find(PATTERNS, qs, "Count every vote")
    assert barked.speaker == "Hannah Whitcombe" and PATTERNS[barked.cue_start : barked.cue_end] == "barked"


def test_a_doc_without_a_parse_is_refused_with_a_clear_message():
    nlp = load_nlp(disable=("ner", "lemmatizer"))
    with pytest.raises(ValueError, match="tagger and parser"):
        quotes_from_doc(nlp.make_doc("“Fine,” she said."))


def test_headline_and_transcript_labels_attribute_the_rest_of_the_line():
    text = ("Whitcombe: County Roads Are A Disgrace.\n\nThe fair opened on Friday.\n\n"
            "Barlow: Well, nobody counted the ballots twice.\n\nTime: 4:15 p.m.\nName: Tom\n")
    qs = quotes_of(text)
    assert [(speaker_mention(text, q), content(text, q)) for q in qs] == [
        ("Whitcombe", "County Roads Are A Disgrace."),
        ("Barlow", "Well, nobody counted the ballots twice."),
    ]


def test_the_speaker_is_never_a_word_inside_the_quote():
    text = ("“If it doesn’t have the capacity yet, it will at some point, probably sooner rather than later,” "
            "said Ann Marlow, a physicist at the institute.\n")
    q = find(text, quotes_of(text), "capacity yet")
    assert q.direct and q.speaker == "Ann Marlow"
    assert not any(s <= q.speaker_start < e for s, e in quoted_spans(text))


def test_text_that_is_not_a_string_is_rejected_with_a_reason():
    from storyline.errors import Rejected

    with pytest.raises(Rejected, match="string, got int"):
        list(extract_quotes([12]))


def test_a_huge_unpunctuated_text_is_handled_quickly():
    text = ("word " * 300_000) + "said “the end of it all, we are told,” she said"
    qs = quotes_of(text)
    assert isinstance(qs, list)


def test_a_relative_pronoun_source_is_named_after_what_it_refers_to():
    text = "The envoy met a senior official, who said that the talks would resume in May.\n"
    q = find(text, quotes_of(text), "talks would resume")
    assert speaker_mention(text, q) == "who"
    assert q.speaker == "a senior official" and q.anonymous
